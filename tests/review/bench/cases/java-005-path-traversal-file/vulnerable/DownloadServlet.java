package com.example.docs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class DownloadServlet extends HttpServlet {
    private static final File BASE = new File("/var/app/documents");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("file");
        if (name == null || name.isEmpty()) {
            resp.sendError(400);
            return;
        }
        File target = new File(BASE, name);
        if (!target.isFile()) {
            resp.sendError(404);
            return;
        }
        resp.setContentType("application/octet-stream");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + target.getName() + "\"");
        Files.copy(target.toPath(), resp.getOutputStream());
    }
}
