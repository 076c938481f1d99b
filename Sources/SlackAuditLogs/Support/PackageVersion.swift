/// The version of this package, in one place: the `User-Agent` header and `slack-audit-logs --version` say it.
package enum PackageVersion {
    package static let current = "0.1.0"
}
