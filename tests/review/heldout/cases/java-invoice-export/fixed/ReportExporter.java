package com.example.billing.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** Exports selected invoices to a gzip'd text report; the layout comes from an uploaded XML file. */
public class ReportExporter {

    public List<String> invoiceLines(Connection db, List<Long> ids) throws SQLException {
        List<String> lines = new ArrayList<>();
        if (ids.isEmpty() || ids.size() > 500) {
            return lines;
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        String sql = "SELECT number, customer, total FROM invoices WHERE id IN (" + marks + ") ORDER BY number";
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1) + "  " + rs.getString(2) + "  " + rs.getBigDecimal(3));
                }
            }
        }
        return lines;
    }

    public Document readLayout(InputStream upload) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        dbf.setXIncludeAware(false);
        dbf.setExpandEntityReferences(false);
        return dbf.newDocumentBuilder().parse(upload);
    }

    public Path writeGzip(List<String> lines) throws IOException, InterruptedException {
        Path report = Files.createTempFile("invoices-", ".txt");
        Files.write(report, lines);
        Process p = new ProcessBuilder("gzip", "-9", "--", report.toString())
                .redirectErrorStream(true)
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("gzip failed");
        }
        return Path.of(report + ".gz");
    }
}
