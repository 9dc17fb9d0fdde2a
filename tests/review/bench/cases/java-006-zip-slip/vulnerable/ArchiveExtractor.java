package com.example.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

public final class ArchiveExtractor {
    private ArchiveExtractor() {
    }

    public static int extract(InputStream zipData, Path destDir) throws IOException {
        int count = 0;
        try (ZipInputStream zin = new ZipInputStream(zipData)) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                Path out = destDir.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(zin, out, StandardCopyOption.REPLACE_EXISTING);
                count++;
            }
        }
        return count;
    }
}
