package com.example.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
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
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] out = cipher.doFinal(ssn.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + out.length).put(iv).put(out).array());
        } catch (Exception e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }
}
