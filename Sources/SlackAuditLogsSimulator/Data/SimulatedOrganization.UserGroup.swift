extension SimulatedOrganization {
    /// A user group (subteam).
    package struct UserGroup: Sendable, Hashable {
        /// The ID, `S0…`.
        package let id: String
        /// The group's name.
        package let name: String
    }
}
