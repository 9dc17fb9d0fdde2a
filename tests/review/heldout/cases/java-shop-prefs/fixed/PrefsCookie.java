package com.example.shop.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Base64;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;

/** Reads the display preferences a visitor's browser keeps in the "prefs" cookie. */
public final class PrefsCookie {

    public static final class Prefs implements Serializable {
        private static final long serialVersionUID = 1L;
        public String currency = "EUR";
        public String locale = "en";
        public int pageSize = 24;
    }

    private PrefsCookie() {
    }

    public static Prefs read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return new Prefs();
        }
        for (Cookie c : cookies) {
            if (!"prefs".equals(c.getName())) {
                continue;
            }
            try {
                byte[] raw = Base64.getUrlDecoder().decode(c.getValue());
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(raw))) {
                    in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                            "com.example.shop.web.PrefsCookie$Prefs;maxdepth=4;maxrefs=16;maxbytes=4096;!*"));
                    Object obj = in.readObject();
                    if (obj instanceof Prefs) {
                        return (Prefs) obj;
                    }
                }
            } catch (IOException | ClassNotFoundException | IllegalArgumentException e) {
                break;
            }
        }
        return new Prefs();
    }
}
