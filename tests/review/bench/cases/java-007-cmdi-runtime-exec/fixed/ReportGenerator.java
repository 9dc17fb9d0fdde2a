package com.example.reports;

import java.io.File;
import java.io.IOException;

public class ReportGenerator {
    private static final String OUTPUT_DIR = "/var/reports";

    public File render(String reportId, String title) throws IOException, InterruptedException {
        if (!reportId.matches("[0-9]+")) {
            throw new IllegalArgumentException("bad report id");
        }
        File out = new File(OUTPUT_DIR, reportId + ".pdf");
        Process p = Runtime.getRuntime().exec(new String[] {
            "wkhtmltopdf", "--title", title, "http://localhost:8080/reports/" + reportId, out.getPath()});
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException("wkhtmltopdf exited with " + rc);
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        System.out.println(new ReportGenerator().render(args[0], args[1]));
    }
}
