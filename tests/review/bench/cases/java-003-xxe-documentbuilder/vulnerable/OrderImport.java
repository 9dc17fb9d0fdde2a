package com.example.orders;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class OrderImport {

    public static class Order {
        public String id;
        public int lines;
    }

    public Order parse(InputStream upload) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        DocumentBuilder builder = dbf.newDocumentBuilder();
        Document doc = builder.parse(upload);
        Element root = doc.getDocumentElement();
        Order order = new Order();
        order.id = root.getAttribute("id");
        NodeList items = root.getElementsByTagName("item");
        order.lines = items.getLength();
        return order;
    }
}
