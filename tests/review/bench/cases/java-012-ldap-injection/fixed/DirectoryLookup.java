package com.example.directory;

import java.util.ArrayList;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

public class DirectoryLookup {
    private final DirContext ctx;

    public DirectoryLookup(DirContext ctx) {
        this.ctx = ctx;
    }

    public List<String> findUser(String uid) throws NamingException {
        SearchControls sc = new SearchControls();
        sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
        sc.setReturningAttributes(new String[] {"cn", "mail"});
        String filter = "(&(objectClass=person)(uid={0}))";
        NamingEnumeration<SearchResult> results = ctx.search("ou=people,dc=example,dc=com", filter, new Object[] {uid}, sc);
        List<String> names = new ArrayList<>();
        while (results.hasMore()) {
            names.add(results.next().getNameInNamespace());
        }
        return names;
    }
}
