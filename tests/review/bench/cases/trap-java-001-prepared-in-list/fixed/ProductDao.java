package com.example.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public class ProductDao {
    private final Connection conn;

    public ProductDao(Connection conn) {
        this.conn = conn;
    }

    public List<String> namesFor(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Collections.emptyList();
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        String sql = "SELECT name FROM products WHERE id IN (" + marks + ") ORDER BY name";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }
}
