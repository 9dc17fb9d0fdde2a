package com.example.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

public class TokenCipher {
    private final SecretKey key;

    public TokenCipher(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, 0, 8, "DES");
    }

    public String encrypt(String plain) throws Exception {
        Cipher c = Cipher.getInstance("DES/ECB/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, key);
        byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().encodeToString(ct);
    }

    public String decrypt(String token) throws Exception {
        Cipher c = Cipher.getInstance("DES/ECB/PKCS5Padding");
        c.init(Cipher.DECRYPT_MODE, key);
        byte[] pt = c.doFinal(Base64.getUrlDecoder().decode(token));
        return new String(pt, StandardCharsets.UTF_8);
    }
}
