extension SimulatedOrganization {
    /// A huddle (an audio call in a conversation).
    package struct Huddle: Sendable, Hashable {
        /// The ID, `R0…`.
        package let id: String
        /// The ID of the conversation it took place in.
        package let channel: String
        /// When it started, in seconds since 1970.
        package let dateStart: Int64
        /// When it ended, in seconds since 1970.
        package let dateEnd: Int64
        /// The IDs of the users who joined.
        package let participants: [String]
    }
}
