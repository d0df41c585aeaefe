namespace Baton.Store.Tests;

/// <summary>
/// The schema as Baton left it at version 3 (the last release before feed positions, epochs and gate rows): the
/// migrator's own table as it was, and fingerprints of the numbered steps, so migration tests build an old database by
/// hand from steps proven unchanged.
/// </summary>
internal static class LegacySchema
{
    /// <summary>The table of numbered steps as the version-3 migrator created it (no <c>schema_features</c> yet).</summary>
    public const string SchemaMigrations = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            applied_at TEXT NOT NULL
        ) STRICT;
        """;

    /// <summary>
    /// SHA-256 of each released numbered step (whitespace collapsed). The steps themselves are
    /// <c>Migrations.Steps</c>: released, they never change, which this fingerprint checks — so the tests can build an old
    /// database from them without keeping a second copy.
    /// </summary>
    public static IReadOnlyList<string> StepHashes { get; } =
    [
        "fadb06c1a5e9a880c43cf13169ca4255ac5a4968d044668bf279668b4f4c04a4",
        "4266c86421a5ecf55ecaf8dbfcc008c945a110d8ccac7b3c50e0d0a8389b4d29",
        "489790b2ab8868bea3b0974e36efb159b8c44693872357c0baeb7630523892f2",
    ];
}
