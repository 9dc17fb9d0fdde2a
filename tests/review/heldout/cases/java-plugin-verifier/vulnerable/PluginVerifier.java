package com.example.ide.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a downloaded plugin archive against the digest published for it in
 * the signed plugin index, before the archive is installed.
 */
public final class PluginVerifier {

    private PluginVerifier() {
    }

    public static String digestOf(Path archive) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** indexDigest is the hex digest the signed index lists for this plugin version. */
    public static void verify(Path archive, String indexDigest) throws IOException {
        byte[] actual = digestOf(archive).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = indexDigest.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(actual, expected)) {
            Files.deleteIfExists(archive);
            throw new SecurityException("plugin archive digest mismatch");
        }
    }
}
