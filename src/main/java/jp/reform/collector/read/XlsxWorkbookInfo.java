package jp.reform.collector.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What xl/workbook.xml says that the streaming sheet API does not: which sheets are hidden (they hold
 * lists and metadata, not results) and whether dates count from 1904.
 */
final class XlsxWorkbookInfo {

    private final Set<String> hiddenSheets;
    private final boolean date1904;

    private XlsxWorkbookInfo(Set<String> hiddenSheets, boolean date1904) {
        this.hiddenSheets = hiddenSheets;
        this.date1904 = date1904;
    }

    static XlsxWorkbookInfo parse(InputStream workbookXml) throws IOException, SAXException {
        Collector collector = new Collector();
        try {
            XMLReader reader = XMLHelper.newXMLReader();
            reader.setContentHandler(collector);
            reader.parse(new InputSource(workbookXml));
        } catch (ParserConfigurationException e) {
            throw new SAXException(e);
        }
        return new XlsxWorkbookInfo(collector.hidden, collector.date1904);
    }

    /** True for sheets with state hidden or veryHidden. */
    boolean isHidden(String sheetName) {
        return hiddenSheets.contains(sheetName);
    }

    boolean date1904() {
        return date1904;
    }

    private static final class Collector extends DefaultHandler {
        private final Set<String> hidden = new HashSet<>();
        private boolean date1904;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            String name = localName.isEmpty() ? qName.substring(qName.indexOf(':') + 1) : localName;
            if (name.equals("sheet")) {
                String state = attributes.getValue("state");
                if ("hidden".equals(state) || "veryHidden".equals(state)) {
                    hidden.add(attributes.getValue("name"));
                }
            } else if (name.equals("workbookPr")) {
                String value = attributes.getValue("date1904");
                date1904 = "1".equals(value) || "true".equals(value);
            }
        }
    }
}
