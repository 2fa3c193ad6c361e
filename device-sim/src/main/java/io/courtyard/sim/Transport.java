package io.courtyard.sim;

import io.courtyard.runtime.Threads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The simulator's Netty transport: Linux's native epoll where it loads, as the gateway's own
 * event loops use, else NIO. The simulator shares the machine with the gateway it drives, so every
 * cycle it spends in Java's selector is one the gateway does not get. A channel's class follows its
 * group's, so a group handed in from elsewhere (a test's NIO group) still works.
 */
public final class Transport {
    private Transport() {}

    /** Daemon event loops named {@code name-N}. */
    public static EventLoopGroup group(int threads, String name) {
        return Epoll.isAvailable()
                ? new EpollEventLoopGroup(threads, Threads.named(name, true))
                : new NioEventLoopGroup(threads, Threads.named(name, true));
    }

    public static Class<? extends SocketChannel> socket(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerSocketChannel> server(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
