package io.courtyard.device.mqtt;

import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.runtime.net.ListenerLimits;
import java.time.Clock;

/** What every connection of the device MQTT listener shares: one per listener. */
record ListenerContext(
        DeviceDirectory directory,
        LoginThrottle throttle,
        Sessions sessions,
        DeviceMessages messages,
        DeviceMqtt options,
        ListenerLimits limits,
        DeviceMqttMetrics metrics,
        Refusals refusals,
        Clock clock) {}
