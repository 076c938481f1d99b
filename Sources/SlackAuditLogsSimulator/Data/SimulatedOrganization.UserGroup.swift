extension SimulatedOrganization {
    /// A user group (subteam).
    public struct UserGroup: Sendable, Hashable {
        /// The ID, `S0…`.
        public let id: String
        /// The group's name.
        public let name: String
    }
}
