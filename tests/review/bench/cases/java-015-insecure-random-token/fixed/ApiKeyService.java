package com.example.keys;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class ApiKeyService {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> keysByOwner = new ConcurrentHashMap<>();

    public String issueKey(String owner) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        keysByOwner.put(owner, key);
        return key;
    }

    public boolean isValid(String owner, String presented) {
        String expected = keysByOwner.get(owner);
        return expected != null && java.security.MessageDigest.isEqual(
                expected.getBytes(), presented.getBytes());
    }

    public void revoke(String owner) {
        keysByOwner.remove(owner);
    }
}
