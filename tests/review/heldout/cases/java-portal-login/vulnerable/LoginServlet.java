package com.example.portal.auth;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Form login for the customer portal, served over HTTPS behind the load balancer. */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final transient SessionStore sessions = SessionStore.getInstance();
    private final transient Authenticator authenticator = Authenticator.getInstance();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String email = req.getParameter("email");
        String password = req.getParameter("password");
        Long userId = authenticator.check(email, password);
        if (userId == null) {
            resp.sendRedirect(req.getContextPath() + "/login?error=1");
            return;
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        sessions.put(token, userId);

        Cookie cookie = new Cookie("PORTAL_SESSION", token);
        cookie.setHttpOnly(true);
        cookie.setPath(req.getContextPath().isEmpty() ? "/" : req.getContextPath());
        cookie.setMaxAge(8 * 60 * 60);
        resp.addCookie(cookie);
        resp.sendRedirect(req.getContextPath() + "/account");
    }
}
