extension SyslogSink {
    /// Where a ``SyslogSink`` sends and how it writes each message's header.
    package struct Configuration: Sendable {
        /// The receiver's host name or IP address.
        package var host: String
        /// The receiver's port, 1-65535.
        package var port: Int
        /// Plain TCP or TLS.
        package var transport: Transport
        /// APP-NAME of every message (cut to 48 printable ASCII characters).
        package var appName: String
        /// HOSTNAME of every message (cut to 255 printable ASCII characters); nil uses the machine's host name.
        package var hostname: String?
        /// The facility of every message's PRI.
        package var facility: SyslogMessage.Facility
        /// The severity of every message's PRI.
        package var severity: SyslogMessage.Severity
        /// How long a connection (TCP connect) may take before the batch is retried.
        package var connectTimeout: Duration
        /// How long writing one batch (and, for TLS, the handshake before it) may take before the connection is
        /// dropped and the batch retried.
        package var writeTimeout: Duration

        /// A configuration for `host`, with the defaults of every other setting.
        ///
        /// - Parameters:
        ///   - host: The receiver's host name or IP address.
        ///   - port: The receiver's port; nil uses the transport's (514 for TCP, 6514 for TLS).
        ///   - transport: Plain TCP or TLS.
        ///   - appName: APP-NAME, `slack-audit-logs` by default.
        ///   - hostname: HOSTNAME; nil uses the machine's.
        ///   - facility: local0 by default.
        ///   - severity: notice by default.
        ///   - connectTimeout: 10 seconds by default.
        ///   - writeTimeout: 30 seconds by default.
        package init(
            host: String,
            port: Int? = nil,
            transport: Transport = .tcp,
            appName: String = "slack-audit-logs",
            hostname: String? = nil,
            facility: SyslogMessage.Facility = .local0,
            severity: SyslogMessage.Severity = .notice,
            connectTimeout: Duration = .seconds(10),
            writeTimeout: Duration = .seconds(30)
        ) {
            self.host = host
            self.port = port ?? transport.defaultPort
            self.transport = transport
            self.appName = appName
            self.hostname = hostname
            self.facility = facility
            self.severity = severity
            self.connectTimeout = connectTimeout
            self.writeTimeout = writeTimeout
        }
    }
}
