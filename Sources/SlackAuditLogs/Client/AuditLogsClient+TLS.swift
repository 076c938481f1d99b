import NIOSSL

extension AuditLogsClient.Configuration {
    /// Which certificate authorities to trust, and which client certificate to present.
    ///
    /// ```swift
    /// configuration.tls = .customCA(pemFile: "/etc/ssl/corporate-ca.pem")
    /// ```
    public struct TLS: Sendable, CustomStringConvertible {
        /// The certificate authorities that may sign the server's certificate.
        public var trustRoots: TrustRoots
        /// The certificate presented to the server, for mutual TLS (rarely needed, but some TLS-inspecting
        /// proxies ask for one).
        public var clientCertificate: ClientCertificate?

        /// Creates a TLS configuration.
        public init(trustRoots: TrustRoots = .system, clientCertificate: ClientCertificate? = nil) {
            self.trustRoots = trustRoots
            self.clientCertificate = clientCertificate
        }

        /// The system's trust store, no client certificate.
        public static let systemDefault = TLS()

        /// Trust only the certificate authorities in a PEM file (a CA bundle).
        public static func customCA(pemFile path: String) -> TLS {
            TLS(trustRoots: .pemFile(path))
        }

        public var description: String {
            var text = "TLS(trustRoots: \(trustRoots)"
            if let clientCertificate { text += ", clientCertificate: \(clientCertificate)" }
            return text + ")"
        }
    }

    /// A set of trusted certificate authorities.
    public struct TrustRoots: Sendable, CustomStringConvertible {
        enum Storage: Sendable {
            case system
            case pemFile(String)
            case pem(String)
        }

        let storage: Storage

        /// The operating system's trust store.
        public static let system = TrustRoots(storage: .system)

        /// The certificates in a PEM file.
        public static func pemFile(_ path: String) -> TrustRoots {
            TrustRoots(storage: .pemFile(path))
        }

        /// The certificates in PEM text.
        public static func pem(_ text: String) -> TrustRoots {
            TrustRoots(storage: .pem(text))
        }

        public var description: String {
            switch storage {
            case .system: return "system"
            case .pemFile(let path): return "pemFile(\(path))"
            case .pem: return "pem(…)"
            }
        }
    }

    /// A client certificate chain and its private key, in PEM.
    public struct ClientCertificate: Sendable, CustomStringConvertible, CustomReflectable {
        enum Storage: Sendable {
            case files(certificate: String, privateKey: String)
            case pem(certificate: String, privateKey: String)
        }

        let storage: Storage

        /// A certificate chain and a private key read from PEM files.
        public static func pemFiles(certificate: String, privateKey: String) -> ClientCertificate {
            ClientCertificate(storage: .files(certificate: certificate, privateKey: privateKey))
        }

        /// A certificate chain and a private key given as PEM text.
        public static func pem(certificate: String, privateKey: String) -> ClientCertificate {
            ClientCertificate(storage: .pem(certificate: certificate, privateKey: privateKey))
        }

        public var description: String {
            switch storage {
            case .files(let certificate, _): return "pemFiles(certificate: \(certificate), privateKey: <redacted>)"
            case .pem: return "pem(certificate: …, privateKey: <redacted>)"
            }
        }

        // The private key never shows in reflection either.
        public var customMirror: Mirror {
            Mirror(self, children: ["description": description], displayStyle: .struct)
        }
    }
}

extension AuditLogsClient.Configuration.TLS {
    /// The NIOSSL configuration, with every file read now so that a bad path fails when the client is created.
    package func makeNIOConfiguration() throws(AuditLogsError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            switch trustRoots.storage {
            case .system:
                break
            case .pemFile(let path):
                configuration.trustRoots = .certificates(
                    try Self.certificates(try NIOSSLCertificate.fromPEMFile(path), source: path)
                )
            case .pem(let text):
                configuration.trustRoots = .certificates(
                    try Self.certificates(try NIOSSLCertificate.fromPEMBytes(Array(text.utf8)), source: "PEM text")
                )
            }
        } catch let error as AuditLogsError {
            throw error
        } catch {
            throw AuditLogsError(
                code: .invalidConfiguration,
                message: "Could not read the trusted certificates from \(trustRoots): \(error). Give a PEM file "
                    + "holding one or more -----BEGIN CERTIFICATE----- blocks.",
                underlying: error
            )
        }
        if let clientCertificate {
            do {
                let chain: [NIOSSLCertificate]
                let key: NIOSSLPrivateKey
                switch clientCertificate.storage {
                case .files(let certificatePath, let keyPath):
                    chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
                    key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
                case .pem(let certificate, let privateKey):
                    chain = try NIOSSLCertificate.fromPEMBytes(Array(certificate.utf8))
                    key = try NIOSSLPrivateKey(bytes: Array(privateKey.utf8), format: .pem)
                }
                configuration.certificateChain = try Self.certificates(chain, source: "\(clientCertificate)")
                    .map { .certificate($0) }
                configuration.privateKey = .privateKey(key)
            } catch let error as AuditLogsError {
                throw error
            } catch {
                throw AuditLogsError(
                    code: .invalidConfiguration,
                    message: "Could not read the client certificate or its key (\(clientCertificate)): \(error). "
                        + "Give PEM files; the key must not be encrypted.",
                    underlying: error
                )
            }
        }
        return configuration
    }

    private static func certificates(
        _ certificates: [NIOSSLCertificate],
        source: String
    ) throws(AuditLogsError)
        -> [NIOSSLCertificate]
    {
        guard !certificates.isEmpty else {
            throw AuditLogsError(
                code: .invalidConfiguration,
                message: "No certificate found in \(source). Give PEM text with -----BEGIN CERTIFICATE----- blocks."
            )
        }
        return certificates
    }
}
