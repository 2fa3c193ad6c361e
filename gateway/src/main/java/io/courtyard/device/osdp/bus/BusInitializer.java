package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.OsdpPipeline;
import io.courtyard.device.osdp.Role;
import io.courtyard.device.osdp.SecureSessions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/** Builds each connection's pipeline for one bus, in the one order that works. */
final class BusInitializer extends ChannelInitializer<Channel> {
    private final BusContext bus;

    BusInitializer(BusContext bus) {
        this.bus = bus;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        SecureSessions sessions = bus.newConnection();
        // Bytes ↔ packets first; then the poller, which owns the exchanges; last, the one exception
        // handler, which sees every OsdpException the codec reports and keeps the connection up.
        OsdpPipeline.addCodec(p, Role.CONTROL_PANEL, sessions, bus.codecMetrics);
        p.addLast(BusPoller.NAME, new BusPoller(bus));
        p.addLast(BusExceptionHandler.NAME, new BusExceptionHandler(bus.config.id()));
    }
}
