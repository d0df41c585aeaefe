namespace Baton.Store.Sqlite.Schema;

/// <summary>One feature's schema change, recorded in <c>schema_features</c> by its name once applied.</summary>
internal sealed record FeatureMigration(string Name, string Sql);
