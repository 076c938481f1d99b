extension SimulatedOrganization {
    /// The Enterprise Grid organization itself.
    package struct Enterprise: Sendable, Hashable {
        /// The ID, `E0…`.
        package let id: String
        /// The organization's name.
        package let name: String
        /// The organization's Slack domain.
        package let domain: String
        /// The domain of members' email addresses.
        package let emailDomain: String
    }
}
