package com.example.intranet.people;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/** Backs the intranet "find a colleague" box: looks people up by login name. */
public class DirectoryLookup {

    private static final String BASE = "ou=people,dc=example,dc=com";
    private final Hashtable<String, String> env = new Hashtable<>();

    public DirectoryLookup(String ldapUrl, String bindDn, String bindPassword) {
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, ldapUrl);
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, bindDn);
        env.put(Context.SECURITY_CREDENTIALS, bindPassword);
    }

    public List<String> findByUid(String uid) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {"cn", "mail", "telephoneNumber"});
        controls.setCountLimit(20);
        String filter = "(&(objectClass=inetOrgPerson)(uid={0}))";
        List<String> people = new ArrayList<>();
        DirContext ctx = new InitialDirContext(env);
        try {
            NamingEnumeration<SearchResult> results = ctx.search(BASE, filter, new Object[] {uid}, controls);
            while (results.hasMore()) {
                Attributes attrs = results.next().getAttributes();
                people.add(attrs.get("cn") + ", " + attrs.get("mail"));
            }
        } finally {
            ctx.close();
        }
        return people;
    }
}
