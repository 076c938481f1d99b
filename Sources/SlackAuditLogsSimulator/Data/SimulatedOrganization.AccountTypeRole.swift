extension SimulatedOrganization {
    /// An account-type role, such as `Workspace Admin`.
    package struct AccountTypeRole: Sendable, Hashable {
        /// The ID, `Rl0…`.
        package let id: String
        /// The name.
        package let name: String
    }
}
