package com.example.cache;

import java.io.*;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ConcurrentHashMap;

public class CacheServer {
    private final ConcurrentHashMap<String, Serializable> store = new ConcurrentHashMap<>();

    public static class PutRequest implements Serializable {
        private static final long serialVersionUID = 1L;
        public String key;
        public Serializable value;
    }

    public void serve(int port) throws IOException {
        try (ServerSocket server = new ServerSocket(port)) {
            while (true) {
                try (Socket s = server.accept();
                     ObjectInputStream in = new ObjectInputStream(s.getInputStream())) {
                    Object msg = in.readObject();
                    if (msg instanceof PutRequest) {
                        PutRequest put = (PutRequest) msg;
                        store.put(put.key, put.value);
                    }
                } catch (ClassNotFoundException e) {
                    System.err.println("bad message: " + e.getMessage());
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        new CacheServer().serve(7070);
    }
}
