using Baton.Testing;
using Microsoft.Playwright;

namespace Baton.Web.Tests;

/// <summary>
/// Debian's headless Chromium driven by Playwright (no browser download: <c>./run-tests</c> installs the <c>chromium</c>
/// package), shared by a test class. Screenshots go to <c>.cache/test-results/screenshots/</c>.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium package (./run-tests does)");
        }

        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Chromium's own background traffic is refused on this closed network; it is turned off, not waited for.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh page (own cookies) at 1280×800 in the given colour scheme; every request off 127.0.0.1 is counted in <paramref name="offMachine"/>.</summary>
    public async Task<IPage> PageAsync(List<string> offMachine, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, ColorScheme = scheme });
        var page = await context.NewPageAsync();
        page.Request += (_, request) =>
        {
            var uri = new Uri(request.Url);
            if (uri.Scheme is "http" or "https" && uri.Host != "127.0.0.1")
            {
                lock (offMachine)
                {
                    offMachine.Add(request.Url);
                }
            }
        };
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var dir = Path.Combine(AgentClis.RepoRoot(), ".cache", "test-results", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.png"), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null)
        {
            await Instance.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
