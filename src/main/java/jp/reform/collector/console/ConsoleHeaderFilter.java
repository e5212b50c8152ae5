package jp.reform.collector.console;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Camel's HTTP header filter, letting the console's {@code Cache-Control} through to the browser. Camel drops
 * that header from every response by default (with Date, Pragma and the connection's own headers), which left
 * pages, API answers and downloads with a 課's data cacheable: on a shared PC the Back button or the disk cache
 * would show them after sign-out. Set on the platform-http component, so on every console route.
 */
public final class ConsoleHeaderFilter extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
