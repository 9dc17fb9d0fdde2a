package com.example.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

public final class FieldEncryptor {
    private final SecretKeySpec key;

    public FieldEncryptor(byte[] rawKey) {
        if (rawKey.length != 16 && rawKey.length != 32) {
            throw new IllegalArgumentException("AES key must be 128 or 256 bits");
        }
        this.key = new SecretKeySpec(rawKey, "AES");
    }

    public String encryptSsn(String ssn) {
        try {
            Cipher cipher = Cipher.getInstance("AES");
            cipher.init(Cipher.ENCRYPT_MODE, key);
            byte[] out = cipher.doFinal(ssn.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(out);
        } catch (Exception e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }
}
