package com.example.keys;

import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

public class ApiKeyService {
    private final Random random = new Random();
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
