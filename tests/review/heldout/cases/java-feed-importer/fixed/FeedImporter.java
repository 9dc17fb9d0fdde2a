package com.example.news.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/** Imports the item titles of an RSS feed that a partner uploads through the portal. */
public class FeedImporter {

    private static final class TitleHandler extends DefaultHandler {
        final List<String> titles = new ArrayList<>();
        private StringBuilder text;
        private boolean inItem;

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) {
            if ("item".equals(qName)) {
                inItem = true;
            } else if (inItem && "title".equals(qName)) {
                text = new StringBuilder();
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (text != null) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if ("item".equals(qName)) {
                inItem = false;
            } else if (text != null && "title".equals(qName)) {
                titles.add(text.toString().trim());
                text = null;
            }
        }
    }

    public List<String> importTitles(InputStream upload)
            throws IOException, SAXException, ParserConfigurationException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        XMLReader reader = factory.newSAXParser().getXMLReader();
        TitleHandler handler = new TitleHandler();
        reader.setContentHandler(handler);
        reader.parse(new InputSource(upload));
        return handler.titles;
    }
}
