namespace Baton.Cli.Hosting;

public enum OutputFormat
{
    Text,
    Json,
}
