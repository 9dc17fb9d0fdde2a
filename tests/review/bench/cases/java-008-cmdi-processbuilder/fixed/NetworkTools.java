package com.example.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

public class NetworkTools {

    public List<String> traceroute(String host) throws IOException, InterruptedException {
        if (!host.matches("[A-Za-z0-9.-]{1,253}") || host.startsWith("-")) {
            throw new IllegalArgumentException("bad host");
        }
        ProcessBuilder pb = new ProcessBuilder("traceroute", "-m", "10", host);
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        proc.waitFor();
        return lines;
    }

    public static void main(String[] args) throws Exception {
        for (String l : new NetworkTools().traceroute(args[0])) {
            System.out.println(l);
        }
    }
}
