extension SimulatedOrganization {
    /// An information barrier between user groups.
    package struct Barrier: Sendable, Hashable {
        /// The ID, `Bar0…`.
        package let id: String
        /// The ID of the user group the barrier protects.
        package let primaryUsergroup: String
        /// The IDs of the user groups it keeps apart from the primary one.
        package let barrieredFromUsergroups: [String]
        /// What is restricted: `call`, `dm`, `mpdm`, `file_share`.
        package let restrictedSubjects: [String]
    }
}
