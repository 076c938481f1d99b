import Foundation
import NIOSSL

/// Access to the test TLS material in `Resources/tls` (see `Resources/tls/README.md`).
///
/// Files: `ca.pem`/`ca.key` (test CA), `server.pem`/`server.key` (`localhost`, `127.0.0.1`), `client.pem`/`client.key`
/// (client authentication), `other-ca.pem` (an unrelated CA).
enum TestTLS {
    /// Errors thrown when the TLS material cannot be found.
    enum Failure: Error {
        /// No resource with this name in `Resources/tls`.
        case missingResource(String)
    }

    /// The URL of a file in `Resources/tls`, e.g. `resourceURL("ca.pem")`.
    static func resourceURL(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources/tls") else {
            throw Failure.missingResource(name)
        }
        return url
    }

    /// The certificates in a PEM file in `Resources/tls`.
    static func certificates(_ name: String) throws -> [NIOSSLCertificate] {
        try NIOSSLCertificate.fromPEMFile(self.resourceURL(name).path)
    }

    /// The private key in a PEM file in `Resources/tls`.
    static func privateKey(_ name: String) throws -> NIOSSLPrivateKey {
        try NIOSSLPrivateKey(file: self.resourceURL(name).path, format: .pem)
    }

    /// A server context presenting `server.pem` / `server.key`.
    ///
    /// - Parameter requireClientCertificate: When `true`, clients must present a certificate issued by `ca.pem`
    ///   (verified without hostname verification).
    static func serverContext(requireClientCertificate: Bool = false) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try self.certificates("server.pem").map { .certificate($0) },
            privateKey: .privateKey(try self.privateKey("server.key"))
        )
        if requireClientCertificate {
            configuration.trustRoots = .file(try self.resourceURL("ca.pem").path)
            configuration.certificateVerification = .noHostnameVerification
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
