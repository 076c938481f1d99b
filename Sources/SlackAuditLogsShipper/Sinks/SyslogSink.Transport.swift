extension SyslogSink {
    /// How frames reach the receiver: plain TCP or TLS (RFC 5425), both with octet counting.
    package struct Transport: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Hashable {
            case tcp
            case tls(caFile: String?, serverName: String?)
        }

        let kind: Kind

        /// Plain TCP (RFC 6587), port 514 unless the configuration says otherwise.
        package static let tcp = Transport(kind: .tcp)

        /// TLS (RFC 5425), port 6514 unless the configuration says otherwise; the receiver's certificate is always
        /// verified.
        ///
        /// - Parameters:
        ///   - caFile: A PEM file of the certificate authorities to trust instead of the system's.
        ///   - serverName: The name the certificate must hold and the name sent as SNI; nil uses the host (or, when
        ///     the host is an IP address, checks the certificate for that address and sends no SNI).
        package static func tls(caFile: String? = nil, serverName: String? = nil) -> Transport {
            Transport(kind: .tls(caFile: caFile, serverName: serverName))
        }

        /// The IANA port of the transport: 514 for TCP, 6514 for TLS.
        package var defaultPort: Int {
            switch kind {
            case .tcp: 514
            case .tls: 6514
            }
        }

        package var description: String {
            switch kind {
            case .tcp: "tcp"
            case .tls: "tls"
            }
        }
    }
}
