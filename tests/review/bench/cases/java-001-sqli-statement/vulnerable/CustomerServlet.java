package com.example.shop;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.*;
import javax.servlet.http.*;
import javax.sql.DataSource;

public class CustomerServlet extends HttpServlet {
    private DataSource dataSource;

    @Override
    public void init() {
        dataSource = (DataSource) getServletContext().getAttribute("dataSource");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("name");
        resp.setContentType("application/json");
        PrintWriter out = resp.getWriter();
        try (Connection conn = dataSource.getConnection();
             Statement st = conn.createStatement()) {
            String sql = "SELECT id, email FROM customers WHERE name = '" + name + "'";
            try (ResultSet rs = st.executeQuery(sql)) {
                out.print("[");
                boolean first = true;
                while (rs.next()) {
                    out.print((first ? "" : ",") + "{\"id\":" + rs.getLong(1) + "}");
                    first = false;
                }
                out.print("]");
            }
        } catch (SQLException e) {
            resp.setStatus(500);
        }
    }
}
