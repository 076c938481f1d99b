extension SimulatedOrganization {
    /// The Enterprise Grid organization itself.
    public struct Enterprise: Sendable, Hashable {
        /// The ID, `E0…`.
        public let id: String
        /// The organization's name.
        public let name: String
        /// The organization's Slack domain.
        public let domain: String
        /// The domain of members' email addresses.
        public let emailDomain: String
    }
}
