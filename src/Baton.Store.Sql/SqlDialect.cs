namespace Baton.Store.Sql;

/// <summary>The little SQL that differs between the stores; everything else is written once, in what both speak.</summary>
public sealed record SqlDialect
{
    /// <summary>A FROM item listing the dependencies of the task aliased <c>t</c> as rows <c>d(value, key)</c>, in order.</summary>
    public required string Dependencies { get; init; }

    /// <summary>Appended to a SELECT of a row the transaction is about to change, to lock it ("" where writers are serial).</summary>
    public required string ForUpdate { get; init; }

    /// <summary>Appended to a SELECT of a row that must not change before the transaction commits ("" where writers are serial).</summary>
    public required string ForShare { get; init; }

    /// <summary>A query of the server's clock (a timestamp with time zone) for a store several machines share; null where the store is this machine's.</summary>
    public string? ClockQuery { get; init; }
}
