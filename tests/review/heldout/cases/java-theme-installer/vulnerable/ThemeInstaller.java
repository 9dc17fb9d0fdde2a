package com.example.cms.themes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs a theme package uploaded by a tenant's site administrator.
 * The package is a zip of templates, stylesheets and images.
 */
public class ThemeInstaller {

    private static final int MAX_ENTRIES = 2000;
    private final Path themesRoot;

    public ThemeInstaller(Path themesRoot) {
        this.themesRoot = themesRoot.toAbsolutePath().normalize();
    }

    public int install(String themeName, Path uploadedZip) throws IOException {
        if (!themeName.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("bad theme name");
        }
        Path target = themesRoot.resolve(themeName);
        Files.createDirectories(target);
        int count = 0;
        try (ZipFile zip = new ZipFile(uploadedZip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new IOException("too many entries");
                }
                Path out = target.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return count;
    }
}
