package com.example.audit;

import java.io.IOException;
import javax.servlet.*;
import javax.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class AuditFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("audit");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String user = req.getHeader("X-User");
        if (user == null) {
            user = "anonymous";
        }
        user = user.replaceAll("[\\r\\n\\t]", "_");
        LOG.info("access user=" + user + " method=" + req.getMethod() + " uri=" + req.getRequestURI());
        chain.doFilter(request, response);
    }

    @Override
    public void init(FilterConfig cfg) {
    }

    @Override
    public void destroy() {
    }
}
