package com.example.billing;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class InvoiceRepository {
    private final JdbcTemplate jdbc;

    public InvoiceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> findForCustomer(String customerId, String sortBy) {
        String column = List.of("id", "amount", "due_date").contains(sortBy) ? sortBy : "id";
        String sql = "SELECT id, amount, due_date FROM invoices WHERE customer_id = ? ORDER BY " + column;
        return jdbc.queryForList(sql, customerId);
    }

    public int countOpen() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM invoices WHERE paid = false", Integer.class);
        return n == null ? 0 : n;
    }

    public void markPaid(long id) {
        jdbc.update("UPDATE invoices SET paid = true WHERE id = ?", id);
    }
}
