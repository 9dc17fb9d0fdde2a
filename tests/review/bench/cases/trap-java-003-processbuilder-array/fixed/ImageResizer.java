package com.example.media;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

public class ImageResizer {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(png|jpg)");
    private final File uploadDir;

    public ImageResizer(File uploadDir) {
        this.uploadDir = uploadDir;
    }

    public File resize(String fileName, int width) throws IOException, InterruptedException {
        if (!NAME.matcher(fileName).matches() || width < 16 || width > 4096) {
            throw new IllegalArgumentException("invalid request");
        }
        File src = new File(uploadDir, fileName);
        File dst = new File(uploadDir, "w" + width + "_" + fileName);
        List<String> cmd = List.of("convert", src.getPath(), "-resize", width + "x", dst.getPath());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            throw new IOException("convert failed");
        }
        return dst;
    }
}
