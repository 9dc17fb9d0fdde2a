package com.example.web;

import java.io.IOException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class LoginServlet extends HttpServlet {
    private final AuthService auth = new AuthService();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = req.getParameter("username");
        String pass = req.getParameter("password");
        String token = auth.login(user, pass);
        if (token == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        Cookie cookie = new Cookie("SESSION", token);
        cookie.setPath("/");
        cookie.setMaxAge(3600);
        cookie.setSecure(false);
        resp.addCookie(cookie);
        resp.sendRedirect("/home");
    }
}
