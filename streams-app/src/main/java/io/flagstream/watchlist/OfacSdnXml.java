package io.flagstream.watchlist;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * OFAC's SDN list as XML ({@code sdn.xml}: {@code sdnList/sdnEntry} with {@code uid}, {@code firstName},
 * {@code lastName}, {@code programList/program}, {@code akaList/aka} and {@code idList/id} whose
 * {@code idType} "Digital Currency Address - XBT" (ETH, USDT, …) gives a crypto address in {@code idNumber}).
 * Elements are matched by local name, so both the classic ({@code http://tempuri.org/sdnList.xsd}) and the
 * Sanctions List Service namespaces parse. DOCTYPEs are refused (no external entities). An a.k.a. of
 * category {@code weak} is left out: OFAC itself calls weak aliases too broad to screen on alone. An
 * {@code sdnEntry} without uid or name is skipped with its position and reason.
 */
public final class OfacSdnXml {
    private OfacSdnXml() {
    }

    public static Parsed parse(InputStream xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            doc = b.parse(new InputSource(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not an OFAC SDN XML file: " + e.getMessage(), e);
        }
        List<WatchListEntry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        NodeList sdn = doc.getElementsByTagNameNS("*", "sdnEntry");
        for (int i = 0; i < sdn.getLength(); i++) {
            Element e = (Element) sdn.item(i);
            String uid = child(e, "uid");
            String name = fullName(e);
            if (uid.isEmpty() || name.isEmpty()) {
                skipped.add("sdn.xml sdnEntry " + (i + 1) + ": no uid or no name");
                continue;
            }
            List<String> aliases = new ArrayList<>();
            for (Element aka : children(e, "akaList", "aka")) {
                String alias = fullName(aka);
                if (!alias.isEmpty() && !"weak".equalsIgnoreCase(child(aka, "category"))) {
                    aliases.add(alias);
                }
            }
            List<String> addresses = new ArrayList<>();
            for (Element id : children(e, "idList", "id")) {
                if (child(id, "idType").startsWith("Digital Currency Address")) {
                    addresses.add(child(id, "idNumber"));
                }
            }
            List<String> programs = new ArrayList<>();
            for (Element p : children(e, "programList", "program")) {
                programs.add(p.getTextContent().trim());
            }
            entries.add(new WatchListEntry(OfacSdnCsv.SOURCE, uid, name, aliases, addresses, List.of(), programs));
        }
        return new Parsed(entries, skipped);
    }

    /** {@code lastName, firstName} as the CSV writes it; the last name alone for an entity. */
    private static String fullName(Element e) {
        String last = child(e, "lastName");
        String first = child(e, "firstName");
        return first.isEmpty() ? last : last + ", " + first;
    }

    private static String child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && localName.equals(c.getLocalName())) {
                return c.getTextContent().trim();
            }
        }
        return "";
    }

    private static List<Element> children(Element parent, String listName, String itemName) {
        List<Element> items = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element list && listName.equals(list.getLocalName())) {
                for (Node m = list.getFirstChild(); m != null; m = m.getNextSibling()) {
                    if (m instanceof Element item && itemName.equals(item.getLocalName())) {
                        items.add(item);
                    }
                }
            }
        }
        return items;
    }
}
