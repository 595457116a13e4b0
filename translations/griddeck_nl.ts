<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl">
<context>
    <name>BuyerEmail</name>
    <message>
        <source>Hello %1,</source>
        <translation>Hallo %1,</translation>
    </message>
    <message>
        <source>— GridDeck</source>
        <translation>— GridDeck</translation>
    </message>
    <message>
        <source>Your deployment #%1 is ready</source>
        <translation>Uw deployment #%1 is klaar</translation>
    </message>
    <message>
        <source>Your service is up and running: %1.</source>
        <translation>Uw dienst draait: %1.</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP-adres</translation>
    </message>
    <message>
        <source>SSH access</source>
        <translation>SSH-toegang</translation>
    </message>
    <message>
        <source>Web interface</source>
        <translation>Webinterface</translation>
    </message>
    <message>
        <source>TFC spent</source>
        <translation>Uitgegeven TFC</translation>
    </message>
    <message>
        <source>%1 TFC</source>
        <translation>%1 TFC</translation>
    </message>
    <message>
        <source>Your deployment #%1 could not be completed</source>
        <translation>Uw deployment #%1 kon niet worden voltooid</translation>
    </message>
    <message>
        <source>We could not deploy your service: %1.</source>
        <translation>We konden uw dienst niet uitrollen: %1.</translation>
    </message>
    <message>
        <source>What went wrong</source>
        <translation>Wat er misging</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Terugbetaling</translation>
    </message>
    <message>
        <source>The credits held for this purchase were refunded in full: they are back in your balance.</source>
        <translation>De voor deze aankoop gereserveerde credits zijn volledig terugbetaald: ze staan weer op uw saldo.</translation>
    </message>
    <message>
        <source>A refund for your deployment #%1</source>
        <translation>Een terugbetaling voor uw deployment #%1</translation>
    </message>
    <message>
        <source>A refund was issued for your service: %1.</source>
        <translation>Er is een terugbetaling gedaan voor uw dienst: %1.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 is not part of this build</source>
        <translation>%1 zit niet in deze build</translation>
    </message>
    <message>
        <source>%1 error</source>
        <translation>Fout: %1</translation>
    </message>
    <message>
        <source>user</source>
        <translation>gebruiker</translation>
    </message>
    <message>
        <source>operating system</source>
        <translation>besturingssysteem</translation>
    </message>
    <message>
        <source>version</source>
        <translation>versie</translation>
    </message>
    <message>
        <source>image</source>
        <translation>image</translation>
    </message>
    <message>
        <source>ports</source>
        <translation>poorten</translation>
    </message>
    <message>
        <source>node count</source>
        <translation>aantal nodes</translation>
    </message>
    <message>
        <source>storage type</source>
        <translation>opslagtype</translation>
    </message>
    <message>
        <source>application</source>
        <translation>applicatie</translation>
    </message>
    <message>
        <source>CPU cores</source>
        <translation>CPU-kernen</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>geheugen</translation>
    </message>
    <message>
        <source>storage</source>
        <translation>opslag</translation>
    </message>
    <message>
        <source>network</source>
        <translation>netwerk</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>omgeving</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>bedrag</translation>
    </message>
    <message>
        <source>0-DB namespace (key-value / append-only store)</source>
        <translation>0-DB-naamruimte (sleutel-waarde-/append-only-opslag)</translation>
    </message>
    <message>
        <source>Quantum Safe Filesystem (dispersed, 0-DB backed)</source>
        <translation>Quantum Safe Filesystem (verspreid, op basis van 0-DB)</translation>
    </message>
    <message>
        <source>Block volume mounted into a VM or container</source>
        <translation>Blokvolume, gekoppeld aan een VM of container</translation>
    </message>
    <message>
        <source>S3-compatible object store (MinIO over QSFS)</source>
        <translation>S3-compatibele objectopslag (MinIO op QSFS)</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Wachtrij</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>TFT conversion</source>
        <translation>Omzetting naar TFT</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Meldingen</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Commissie</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Applicatie</translation>
    </message>
    <message>
        <source>Grid proxy URL</source>
        <translation>URL van de Grid-proxy</translation>
    </message>
    <message>
        <source>Deployer URL</source>
        <translation>URL van de deployer</translation>
    </message>
    <message>
        <source>Substrate URL</source>
        <translation>Substrate-URL</translation>
    </message>
    <message>
        <source>Relay URL</source>
        <translation>Relay-URL</translation>
    </message>
    <message>
        <source>Horizon URL</source>
        <translation>Horizon-URL</translation>
    </message>
    <message>
        <source>CoinGecko URL</source>
        <translation>CoinGecko-URL</translation>
    </message>
    <message>
        <source>Wallet URL</source>
        <translation>URL van de portemonnee</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>Webhook-URL</translation>
    </message>
    <message>
        <source>SMTP host</source>
        <translation>SMTP-host</translation>
    </message>
    <message>
        <source>SMTP port</source>
        <translation>SMTP-poort</translation>
    </message>
    <message>
        <source>SMTP user</source>
        <translation>SMTP-gebruiker</translation>
    </message>
    <message>
        <source>E-mail from</source>
        <translation>E-mail van</translation>
    </message>
    <message>
        <source>E-mail to</source>
        <translation>E-mail aan</translation>
    </message>
    <message>
        <source>TFC → USD rate</source>
        <translation>Koers TFC → USD</translation>
    </message>
    <message>
        <source>Commission (%)</source>
        <translation>Commissie (%)</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Databasebestand</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source> (seconds)</source>
        <translation> (seconden)</translation>
    </message>
    <message>
        <source> (%)</source>
        <translation> (%)</translation>
    </message>
    <message>
        <source>DEX</source>
        <translation>DEX</translation>
    </message>
    <message>
        <source>CoinGecko</source>
        <translation>CoinGecko</translation>
    </message>
    <message>
        <source>TFChain</source>
        <translation>TFChain</translation>
    </message>
    <message>
        <source>The embedded grid simulator is not running (it starts with the pipeline engine): set real URLs in Settings, or start the engine.</source>
        <translation>De ingebouwde Grid-simulator draait niet (hij start met de pipeline-engine): stel echte URL&apos;s in bij Instellingen, of start de engine.</translation>
    </message>
    <message>
        <source>quote of job %1</source>
        <translation>de notering van taak %1</translation>
    </message>
    <message>
        <source>price history</source>
        <translation>de prijshistorie</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>Every word must match: id, user, service, IP, node, country or error</source>
        <translation>Elk woord moet overeenkomen: id, gebruiker, service, IP, node, land of fout</translation>
    </message>
    <message>
        <source>DEX (Stellar)</source>
        <translation>DEX (Stellar)</translation>
    </message>
    <message>
        <source>flist</source>
        <translation>flist</translation>
    </message>
    <message>
        <source>HTTP API</source>
        <translation>HTTP-API</translation>
    </message>
    <message>
        <source>Serve the HTTP API</source>
        <translation>De HTTP-API aanbieden</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Luisteren op</translation>
    </message>
</context>
<context>
    <name>griddeck::NotificationModel</name>
    <message>
        <source>Pending</source>
        <translation>Wachtend</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Verzonden</translation>
    </message>
    <message>
        <source>Failed, retrying</source>
        <translation>Mislukt, opnieuw</translation>
    </message>
    <message>
        <source>Undeliverable</source>
        <translation>Onbestelbaar</translation>
    </message>
    <message>
        <source>Next try %1</source>
        <translation>Volgende poging %1</translation>
    </message>
    <message>
        <source>operators</source>
        <translation>operators</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Taak</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Gebeurtenis</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanaal</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Ontvanger</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Pogingen</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Laatste fout</translation>
    </message>
</context>
<context>
    <name>griddeck::ui</name>
    <message>
        <source>Test connection</source>
        <translation>Verbinding testen</translation>
    </message>
    <message>
        <source>No grid gateway runs: set threefold_grid.network (main, test, qa or dev), save, and start the pipeline.</source>
        <translation>Er draait geen grid-gateway: stel threefold_grid.network in (main, test, qa of dev), sla op en start de pipeline.</translation>
    </message>
    <message>
        <source>Asking the grid gateway…</source>
        <translation>De grid-gateway wordt gevraagd…</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::AppController</name>
    <message>
        <source>The console is already open on %1.</source>
        <translation>De console is al geopend op %1.</translation>
    </message>
    <message>
        <source>Could not seed the demo data: %1</source>
        <translation>De demogegevens konden niet worden aangemaakt: %1</translation>
    </message>
    <message>
        <source>Checking the %1…</source>
        <translation>%1 controleren…</translation>
    </message>
    <message>
        <source>Secrets are kept in the %1.</source>
        <translation>Geheimen worden bewaard in: %1.</translation>
    </message>
    <message>
        <source>Secrets are kept in %1 only: they are forgotten when GridDeck exits.</source>
        <translation>Geheimen worden alleen bewaard in %1: ze worden vergeten wanneer GridDeck sluit.</translation>
    </message>
    <message>
        <source>No keychain answered (%1). Secrets are kept for this session only.</source>
        <translation>Geen sleutelhanger reageerde (%1). Geheimen worden alleen voor deze sessie bewaard.</translation>
    </message>
    <message>
        <source>Could not create the folder %1 for the configuration.</source>
        <translation>De map %1 voor de configuratie kon niet worden aangemaakt.</translation>
    </message>
    <message>
        <source>Could not change the queue: %1</source>
        <translation>De wachtrij kon niet worden gewijzigd: %1</translation>
    </message>
    <message>
        <source>Retry now requested by the operator.</source>
        <translation>Nu opnieuw proberen, gevraagd door de operator.</translation>
    </message>
    <message>
        <source>The pipeline did not start: %1</source>
        <translation>De pipeline is niet gestart: %1</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Taak %1</translation>
    </message>
    <message>
        <source>#%1 %2 for %3</source>
        <translation>#%1 %2 voor %3</translation>
    </message>
    <message>
        <source> at %1</source>
        <translation> op %1</translation>
    </message>
    <message>
        <source>The pipeline is stopped.</source>
        <translation>De pipeline is gestopt.</translation>
    </message>
    <message>
        <source>Restarting a service needs the pipeline engine, which is not running.</source>
        <translation>Een service herstarten vereist de pipeline-engine, en die draait niet.</translation>
    </message>
    <message>
        <source>Stopping a service needs the pipeline engine, which is not running.</source>
        <translation>Een service stoppen vereist de pipeline-engine, en die draait niet.</translation>
    </message>
    <message>
        <source>This build has no pipeline engine: jobs wait in the queue.</source>
        <translation>Deze build heeft geen pipeline-engine: taken wachten in de wachtrij.</translation>
    </message>
    <message>
        <source>Job %1 is %2: only a failed, cancelled or stopped job can be retried.</source>
        <translation>Taak %1 is %2: alleen een mislukte, geannuleerde of gestopte taak kan opnieuw worden geprobeerd.</translation>
    </message>
    <message>
        <source>The HTTP API is off (Settings → HTTP API).</source>
        <translation>De HTTP-API staat uit (Instellingen → HTTP-API).</translation>
    </message>
    <message>
        <source>The HTTP API is not served on %1: %2</source>
        <translation>De HTTP-API wordt niet aangeboden op %1: %2</translation>
    </message>
    <message>
        <source>%1 live, all owned by active jobs</source>
        <translation>%1 actief, alle van actieve taken</translation>
    </message>
    <message>
        <source>%1 orphan contract(s) cancelled, %2 active job(s) without a contract</source>
        <translation>%1 verweesd(e) contract(en) geannuleerd, %2 actieve taak/taken zonder contract</translation>
    </message>
    <message>
        <source>not reconciled: %1</source>
        <translation>niet afgestemd: %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::CopyField</name>
    <message>
        <source>Copied</source>
        <translation>Gekopieerd</translation>
    </message>
    <message>
        <source>Copy %1 (or double-click the value)</source>
        <translation>%1 kopiëren (of dubbelklik op de waarde)</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>%1 kopiëren</translation>
    </message>
    <message>
        <source>Open in the browser</source>
        <translation>In de browser openen</translation>
    </message>
    <message>
        <source>Open %1 in the browser</source>
        <translation>%1 in de browser openen</translation>
    </message>
    <message>
        <source>Double-click to copy</source>
        <translation>Dubbelklik om te kopiëren</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::DeploymentDetail</name>
    <message>
        <source>Deployment details</source>
        <translation>Details van de deployment</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>Verbindingsgegevens</translation>
    </message>
    <message>
        <source>Connection details appear once the service is deployed.</source>
        <translation>Verbindingsgegevens verschijnen zodra de service is uitgerold.</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <source>SSH</source>
        <translation>SSH</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>Mycelium</source>
        <translation>Mycelium</translation>
    </message>
    <message>
        <source>Payment and grid</source>
        <translation>Betaling en Grid</translation>
    </message>
    <message>
        <source>TFC spent</source>
        <translation>Besteed TFC</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Commissie</translation>
    </message>
    <message>
        <source>Grid payment</source>
        <translation>Grid-betaling</translation>
    </message>
    <message>
        <source>TFT converted</source>
        <translation>Omgezet TFT</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Koers</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Terugbetaald</translation>
    </message>
    <message>
        <source>Grid node</source>
        <translation>Grid-node</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Herstarten</translation>
    </message>
    <message>
        <source>Restart the service on its node</source>
        <translation>De service op zijn node herstarten</translation>
    </message>
    <message>
        <source>Stop…</source>
        <translation>Stoppen…</translation>
    </message>
    <message>
        <source>Stop the service and cancel its contract</source>
        <translation>De service stoppen en zijn contract opzeggen</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>Terugbetalen…</translation>
    </message>
    <message>
        <source>Give credits back to the user</source>
        <translation>Tegoed teruggeven aan de gebruiker</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Queue this purchase again; credits are held anew</source>
        <translation>Deze aankoop opnieuw in de wachtrij zetten; het tegoed wordt opnieuw gereserveerd</translation>
    </message>
    <message>
        <source>Show or hide the history</source>
        <translation>De geschiedenis tonen of verbergen</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Wat er gebeurde</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Door</translation>
    </message>
    <message>
        <source>Job history</source>
        <translation>Geschiedenis van de taak</translation>
    </message>
    <message>
        <source>No deployment selected</source>
        <translation>Geen deployment geselecteerd</translation>
    </message>
    <message>
        <source>Select a deployment to see its progress, connection details and history.</source>
        <translation>Selecteer een deployment om de voortgang, verbindingsgegevens en geschiedenis te zien.</translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2 priority · bought %3</source>
        <translation>%1 · prioriteit %2 · gekocht %3</translation>
    </message>
    <message>
        <source> · retry of #%1</source>
        <translation> · nieuwe poging van #%1</translation>
    </message>
    <message>
        <source> · attempt %1 of %2</source>
        <translation> · poging %1 van %2</translation>
    </message>
    <message>
        <source>Bought %1, last change %2</source>
        <translation>Gekocht op %1, laatst gewijzigd op %2</translation>
    </message>
    <message>
        <source>This job never got an address on the grid.</source>
        <translation>Deze taak heeft nooit een adres op de Grid gekregen.</translation>
    </message>
    <message>
        <source>The contract has ended: these addresses no longer answer.</source>
        <translation>Het contract is beëindigd: deze adressen reageren niet meer.</translation>
    </message>
    <message>
        <source>%1 TFT (quoted)</source>
        <translation>%1 TFT (genoteerd)</translation>
    </message>
    <message>
        <source>Not converted yet: the quote asks for %1</source>
        <translation>Nog niet omgezet: de notering vraagt %1</translation>
    </message>
    <message>
        <source>%1 USD/TFT</source>
        <translation>%1 USD/TFT</translation>
    </message>
    <message>
        <source>%1 TFC (hold released)</source>
        <translation>%1 TFC (reservering vrijgegeven)</translation>
    </message>
    <message>
        <source>The job ended before the service was active: every credit went back to the user.</source>
        <translation>De taak eindigde voordat de service actief was: het volledige tegoed ging terug naar de gebruiker.</translation>
    </message>
    <message>
        <source>farm %1</source>
        <translation>farm %1</translation>
    </message>
    <message>
        <source>Deployment %1, attempt %2, state %3</source>
        <translation>Deployment %1, poging %2, status %3</translation>
    </message>
    <message>
        <source>Give up to %1 TFC back to %2</source>
        <translation>Tot %1 TFC teruggeven aan %2</translation>
    </message>
    <message>
        <source>Nothing left to refund on this job</source>
        <translation>Niets meer terug te betalen voor deze taak</translation>
    </message>
    <message>
        <source>Restart and Stop need the pipeline engine, which is not running.</source>
        <translation>Herstarten en Stoppen vereisen de pipeline-engine, en die draait niet.</translation>
    </message>
    <message>
        <source>The held credits went back to %1. Retry queues the purchase again.</source>
        <translation>Het gereserveerde tegoed ging terug naar %1. Opnieuw proberen zet de aankoop weer in de wachtrij.</translation>
    </message>
    <message>
        <source>Waiting for a worker. Cancel it from the Queue pane to give the credits back.</source>
        <translation>Wacht op een worker. Annuleer de taak in het paneel Wachtrij om het tegoed terug te geven.</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>Geschiedenis (%1)</translation>
    </message>
    <message>
        <source>Stop service</source>
        <translation>Service stoppen</translation>
    </message>
    <message>
        <source>Stop the service? The contract is cancelled; this cannot be undone. No refund is made — use Refund for that.</source>
        <translation>De service stoppen? Het contract wordt opgezegd; dit kan niet ongedaan worden gemaakt. Er wordt niets terugbetaald — gebruik daarvoor Terugbetalen.</translation>
    </message>
    <message>
        <source>The service was stopped. Retry buys it again for %1: the credits are held anew.</source>
        <translation>De dienst is gestopt. Opnieuw proberen koopt hem opnieuw voor %1: de credits worden opnieuw gereserveerd.</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::DeploymentsPane</name>
    <message>
        <source>Deployments</source>
        <translation>Deployments</translation>
    </message>
    <message>
        <source>Search deployments… (Ctrl+F)</source>
        <translation>Deployments zoeken… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Gebruiker</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>No deployments yet</source>
        <translation>Nog geen deployments</translation>
    </message>
    <message>
        <source>Buy a service for a user and it appears here as it deploys.</source>
        <translation>Koop een service voor een gebruiker; hij verschijnt hier terwijl hij wordt uitgerold.</translation>
    </message>
    <message>
        <source>New deployment… (Ctrl+N)</source>
        <translation>Nieuwe deployment… (Ctrl+N)</translation>
    </message>
    <message>
        <source>No deployment matches the search and filters</source>
        <translation>Geen deployment voldoet aan de zoekopdracht en filters</translation>
    </message>
    <message>
        <source>%1 deployments are hidden by them.</source>
        <translation>Ze verbergen %1 deployments.</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Zoekopdracht en filters wissen</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::EnvironmentEditor</name>
    <message>
        <source>&amp;Add variable</source>
        <translation>Variabele &amp;toevoegen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Omgevingsvariabelen</translation>
    </message>
    <message>
        <source>Remove environment variable</source>
        <translation>Omgevingsvariabele verwijderen</translation>
    </message>
    <message>
        <source>row %1 has a value but no variable name</source>
        <translation>rij %1 heeft een waarde maar geen variabelenaam</translation>
    </message>
    <message>
        <source>environment variable %1 is set twice</source>
        <translation>omgevingsvariabele %1 is twee keer ingesteld</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::EstimatePanel</name>
    <message>
        <source>Estimate</source>
        <translation>Schatting</translation>
    </message>
    <message>
        <source>Grid cost / month</source>
        <translation>Grid-kosten / maand</translation>
    </message>
    <message>
        <source>Cloud units</source>
        <translation>Cloud-eenheden</translation>
    </message>
    <message>
        <source>TFT / month</source>
        <translation>TFT / maand</translation>
    </message>
    <message>
        <source>One month, with commission</source>
        <translation>Eén maand, met commissie</translation>
    </message>
    <message>
        <source>TFC to pay</source>
        <translation>Te betalen TFC</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Commissie</translation>
    </message>
    <message>
        <source>Grid payment</source>
        <translation>Grid-betaling</translation>
    </message>
    <message>
        <source>TFT to buy</source>
        <translation>Te kopen TFT</translation>
    </message>
    <message>
        <source>Covers</source>
        <translation>Dekt</translation>
    </message>
    <message>
        <source>The TFC is held when you submit and charged only once the service is active. If the deployment fails, the hold is released in full.</source>
        <translation>Het TFC wordt bij het indienen gereserveerd en pas afgeschreven zodra de service actief is. Mislukt de deployment, dan wordt de reservering volledig vrijgegeven.</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>%1 USD per month on a standard node (×1.25 on certified nodes)</source>
        <translation>%1 USD per maand op een standaardnode (×1,25 op gecertificeerde nodes)</translation>
    </message>
    <message>
        <source>CU %1 · SU %2 · IP %3</source>
        <translation>CU %1 · SU %2 · IP %3</translation>
    </message>
    <message>
        <source>Compute, storage and IP units per hour, as TFChain&apos;s pricing policy counts them</source>
        <translation>Reken-, opslag- en IP-eenheden per uur, zoals het prijsbeleid van TFChain ze telt</translation>
    </message>
    <message>
        <source>%1 TFT</source>
        <translation>%1 TFT</translation>
    </message>
    <message>
        <source>No TFT price yet</source>
        <translation>Nog geen TFT-prijs</translation>
    </message>
    <message>
        <source>%1 TFC</source>
        <translation>%1 TFC</translation>
    </message>
    <message>
        <source>Commission (%1 %)</source>
        <translation>Commissie (%1%)</translation>
    </message>
    <message>
        <source>%1 TFC = %2 USD</source>
        <translation>%1 TFC = %2 USD</translation>
    </message>
    <message>
        <source>TFT at %1 USD</source>
        <translation>TFT tegen %1 USD</translation>
    </message>
    <message>
        <source>%1, with the %2 % conversion buffer</source>
        <translation>%1, inclusief de conversiebuffer van %2%</translation>
    </message>
    <message>
        <source>Waiting for a TFT price</source>
        <translation>Wacht op een TFT-prijs</translation>
    </message>
    <message>
        <source>≈ %1 months</source>
        <translation>≈ %1 maanden</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::EventsPane</name>
    <message>
        <source>Events</source>
        <translation>Gebeurtenissen</translation>
    </message>
    <message>
        <source>Search events… (Ctrl+F)</source>
        <translation>Gebeurtenissen zoeken… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Enqueued</source>
        <translation>In wachtrij gezet</translation>
    </message>
    <message>
        <source>Stage changed</source>
        <translation>Fase gewijzigd</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Nieuwe poging</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>Opnieuw gepland</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>No events yet</source>
        <translation>Nog geen gebeurtenissen</translation>
    </message>
    <message>
        <source>Every step of every job is recorded here as the pipeline runs.</source>
        <translation>Elke stap van elke taak wordt hier vastgelegd terwijl de pipeline draait.</translation>
    </message>
    <message>
        <source>No event matches the search and filters</source>
        <translation>Geen gebeurtenis voldoet aan de zoekopdracht en filters</translation>
    </message>
    <message>
        <source>%1 events are hidden by them.</source>
        <translation>Ze verbergen %1 gebeurtenissen.</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Zoekopdracht en filters wissen</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::FilterButton</name>
    <message>
        <source>Filter by %1</source>
        <translation>Filteren op %1</translation>
    </message>
    <message>
        <source>Show only some %1s; none checked shows all</source>
        <translation>Alleen bepaalde waarden (%1) tonen; niets aangevinkt toont alles</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::MainWindow</name>
    <message>
        <source>GridDeck — demo</source>
        <translation>GridDeck — demo</translation>
    </message>
    <message>
        <source>GridDeck</source>
        <translation>GridDeck</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1: %2</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Wachtrij</translation>
    </message>
    <message>
        <source>Deployments</source>
        <translation>Deployments</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Portemonnee</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Nodes</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Gebeurtenissen</translation>
    </message>
    <message>
        <source>New deployment…</source>
        <translation>Nieuwe deployment…</translation>
    </message>
    <message>
        <source>Buy a service for a user: credits are held and the job is queued (Ctrl+N)</source>
        <translation>Een service kopen voor een gebruiker: het tegoed wordt gereserveerd en de taak komt in de wachtrij (Ctrl+N)</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Zoeken…</translation>
    </message>
    <message>
        <source>Search the current list (Ctrl+F)</source>
        <translation>In de huidige lijst zoeken (Ctrl+F)</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Instellingen…</translation>
    </message>
    <message>
        <source>Queue, grid, conversion, notifications and secrets (Ctrl+,)</source>
        <translation>Wachtrij, Grid, omzetting, meldingen en geheimen (Ctrl+,)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
    <message>
        <source>About GridDeck</source>
        <translation>Over GridDeck</translation>
    </message>
    <message>
        <source>GridDeck %1
Turns paid TFC credits into running services on the ThreeFold Grid.

Store: %2
Configuration: %3</source>
        <translation>GridDeck %1
Zet betaald TFC-tegoed om in draaiende services op de ThreeFold Grid.

Database: %2
Configuratie: %3</translation>
    </message>
    <message>
        <source>Retry deployment</source>
        <translation>Deployment opnieuw proberen</translation>
    </message>
    <message>
        <source>Restart service</source>
        <translation>Service herstarten</translation>
    </message>
    <message>
        <source>Stop service…</source>
        <translation>Service stoppen…</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>Terugbetalen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>Be&amp;werken</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Bee&amp;ld</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Wachtrij</translation>
    </message>
    <message>
        <source>&amp;Deployment</source>
        <translation>&amp;Deployment</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hoofdwerkbalk</translation>
    </message>
    <message>
        <source>Show GridDeck</source>
        <translation>GridDeck tonen</translation>
    </message>
    <message>
        <source>● Deployment active</source>
        <translation>● Deployment actief</translation>
    </message>
    <message>
        <source>● %1 deployments active</source>
        <translation>● %1 deployments actief</translation>
    </message>
    <message>
        <source>✕ Deployment failed</source>
        <translation>✕ Deployment mislukt</translation>
    </message>
    <message>
        <source>✕ %1 deployments failed</source>
        <translation>✕ %1 deployments mislukt</translation>
    </message>
    <message>
        <source>Resume queue</source>
        <translation>Wachtrij hervatten</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>Wachtrij pauzeren</translation>
    </message>
    <message>
        <source>Workers take new jobs again (Ctrl+P)</source>
        <translation>Workers nemen weer nieuwe taken aan (Ctrl+P)</translation>
    </message>
    <message>
        <source>Workers take no new jobs; running steps finish (Ctrl+P)</source>
        <translation>Workers nemen geen nieuwe taken aan; lopende stappen worden afgerond (Ctrl+P)</translation>
    </message>
    <message>
        <source>%1 jobs, %2 retrying after errors</source>
        <translation>%1 taken, %2 opnieuw na fouten</translation>
    </message>
    <message>
        <source>%1 jobs waiting or in progress</source>
        <translation>%1 taken wachtend of bezig</translation>
    </message>
    <message>
        <source>%1 failed in the last 24 hours</source>
        <translation>%1 mislukt in de afgelopen 24 uur</translation>
    </message>
    <message>
        <source>GridDeck — %1 in the queue, %2 failed today</source>
        <translation>GridDeck — %1 in de wachtrij, %2 vandaag mislukt</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Meldingen</translation>
    </message>
    <message numerus="yes">
        <source>✕ %n notifications failed</source>
        <translation>
            <numerusform>✕ %n melding mislukt</numerusform>
            <numerusform>✕ %n meldingen mislukt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 failing and retrying, %2 undeliverable — click to see them</source>
        <translation>%1 mislukt en opnieuw geprobeerd, %2 onbestelbaar — klik om ze te zien</translation>
    </message>
    <message>
        <source>%1 notifications failed</source>
        <translation>%1 meldingen mislukt</translation>
    </message>
    <message>
        <source>Serving the HTTP API on %1</source>
        <translation>HTTP-API aangeboden op %1</translation>
    </message>
    <message>
        <source>Restart of #%1 worked: ready and healthy again</source>
        <translation>Herstart van #%1 gelukt: weer gereed en gezond</translation>
    </message>
    <message>
        <source>Restart of #%1 did not work: %2</source>
        <translation>Herstart van #%1 mislukt: %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::NewDeploymentDialog</name>
    <message>
        <source>New deployment</source>
        <translation>Nieuwe deployment</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>In&amp;dienen</translation>
    </message>
    <message>
        <source>Hold the credits and queue the deployment</source>
        <translation>Het tegoed reserveren en de deployment in de wachtrij zetten</translation>
    </message>
    <message>
        <source>the pipeline&apos;s latest quote</source>
        <translation>de laatste notering van de pipeline</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Gebruiker</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Gebruiker:</translation>
    </message>
    <message>
        <source>Virtual machine</source>
        <translation>Virtuele machine</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Kubernetes cluster</source>
        <translation>Kubernetes-cluster</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Opslag</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Applicatie</translation>
    </message>
    <message>
        <source>Service type</source>
        <translation>Servicetype</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>&amp;Service:</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>&amp;CPU cores:</source>
        <translation>&amp;CPU-kernen:</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>Ge&amp;heugen:</translation>
    </message>
    <message>
        <source>St&amp;orage:</source>
        <translation>&amp;Opslag:</translation>
    </message>
    <message>
        <source>Public IPv4</source>
        <translation>Publiek IPv4</translation>
    </message>
    <message>
        <source>A public IPv4 address costs an IP unit per node on the grid.</source>
        <translation>Een publiek IPv4-adres kost een IP-eenheid per node op de Grid.</translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <source>Mycelium</source>
        <translation>Mycelium</translation>
    </message>
    <message>
        <source>Planetary</source>
        <translation>Planetary</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netwerk</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Netwerk:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>Omg&amp;eving:</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Prioriteit:</translation>
    </message>
    <message>
        <source>25.00</source>
        <translation>25.00</translation>
    </message>
    <message>
        <source>TFC to pay</source>
        <translation>Te betalen TFC</translation>
    </message>
    <message>
        <source>Use estimate</source>
        <translation>Schatting gebruiken</translation>
    </message>
    <message>
        <source>Pay for one month of grid cost, commission included</source>
        <translation>Eén maand Grid-kosten betalen, inclusief commissie</translation>
    </message>
    <message>
        <source>TFC to &amp;pay:</source>
        <translation>Te &amp;betalen TFC:</translation>
    </message>
    <message>
        <source>Choose the user who pays. Users are added with a top-up in the Wallet pane.</source>
        <translation>Kies de gebruiker die betaalt. Gebruikers worden toegevoegd met een opwaardering in het paneel Portemonnee.</translation>
    </message>
    <message>
        <source>%1 TFC available</source>
        <translation>%1 TFC beschikbaar</translation>
    </message>
    <message>
        <source>%1 available, %2 held for live jobs</source>
        <translation>%1 beschikbaar, %2 gereserveerd voor lopende taken</translation>
    </message>
    <message>
        <source>Enter the TFC to pay, e.g. 25.00.</source>
        <translation>Vul het te betalen TFC in, bijv. 25.00.</translation>
    </message>
    <message>
        <source>The amount %1</source>
        <translation>Het bedrag %1</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Het bedrag moet groter zijn dan nul.</translation>
    </message>
    <message>
        <source>%1 has %2 TFC available; this needs %3 TFC.</source>
        <translation>%1 heeft %2 TFC beschikbaar; hiervoor is %3 TFC nodig.</translation>
    </message>
    <message>
        <source>Still needed: %1.</source>
        <translation>Nog nodig: %1.</translation>
    </message>
    <message>
        <source>TFT price %1 USD, from %2.</source>
        <translation>TFT-prijs %1 USD, volgens %2.</translation>
    </message>
    <message>
        <source>Looking for a TFT price…</source>
        <translation>TFT-prijs opzoeken…</translation>
    </message>
    <message>
        <source>No TFT price yet: %1</source>
        <translation>Nog geen TFT-prijs: %1</translation>
    </message>
    <message>
        <source>a live quote (%1)</source>
        <translation>een live notering (%1)</translation>
    </message>
    <message>
        <source>No TFT price: %1</source>
        <translation>Geen TFT-prijs: %1</translation>
    </message>
    <message>
        <source>Holding %1 TFC and queuing…</source>
        <translation>%1 TFC reserveren en in de wachtrij zetten…</translation>
    </message>
    <message>
        <source>Queued as job %1.</source>
        <translation>In de wachtrij gezet als taak %1.</translation>
    </message>
    <message>
        <source>Not queued: %1</source>
        <translation>Niet in de wachtrij gezet: %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::NodesPane</name>
    <message>
        <source>Nodes</source>
        <translation>Nodes</translation>
    </message>
    <message>
        <source>Search nodes… (id, farm, country, city)</source>
        <translation>Nodes zoeken… (id, farm, land, stad)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Grid nodes</source>
        <translation>Grid-nodes</translation>
    </message>
    <message>
        <source>No nodes yet</source>
        <translation>Nog geen nodes</translation>
    </message>
    <message>
        <source>Loading the grid…</source>
        <translation>Grid laden…</translation>
    </message>
    <message>
        <source>No node matches the filters</source>
        <translation>Geen node voldoet aan de filters</translation>
    </message>
    <message>
        <source>Lower the free resources asked or widen the filters.</source>
        <translation>Vraag minder vrije resources of verruim de filters.</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filters wissen</translation>
    </message>
    <message>
        <source> cores</source>
        <translation> kernen</translation>
    </message>
    <message>
        <source>any CPU</source>
        <translation>elke CPU</translation>
    </message>
    <message>
        <source>Minimum free CPU</source>
        <translation>Minimaal vrije CPU</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>any memory</source>
        <translation>elk geheugen</translation>
    </message>
    <message>
        <source>Minimum free memory</source>
        <translation>Minimaal vrij geheugen</translation>
    </message>
    <message>
        <source>any SSD</source>
        <translation>elke SSD</translation>
    </message>
    <message>
        <source>Minimum free SSD</source>
        <translation>Minimaal vrije SSD</translation>
    </message>
    <message>
        <source>Any country</source>
        <translation>Elk land</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Elke status</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Standby</source>
        <translation>Stand-by</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Any certification</source>
        <translation>Elke certificering</translation>
    </message>
    <message>
        <source>Certified</source>
        <translation>Gecertificeerd</translation>
    </message>
    <message>
        <source>DIY</source>
        <translation>DIY</translation>
    </message>
    <message>
        <source>Certification</source>
        <translation>Certificering</translation>
    </message>
    <message>
        <source>Healthy only</source>
        <translation>Alleen gezonde</translation>
    </message>
    <message>
        <source>Free at least:</source>
        <translation>Minstens vrij:</translation>
    </message>
    <message>
        <source>Where would a deployment go?</source>
        <translation>Waar zou een deployment terechtkomen?</translation>
    </message>
    <message>
        <source>Public IPv4</source>
        <translation>Publiek IPv4</translation>
    </message>
    <message>
        <source>Kubernetes clusters take one distinct node per member</source>
        <translation>Kubernetes-clusters gebruiken één aparte node per lid</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Geheugen:</translation>
    </message>
    <message>
        <source>SSD:</source>
        <translation>SSD:</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>Nodes:</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Headroom ×3</source>
        <translation>Marge ×3</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>Betrouwbaarheid</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>Spreiding</translation>
    </message>
    <message>
        <source>Country / farm</source>
        <translation>Land / farm</translation>
    </message>
    <message>
        <source>The tightest resource&apos;s share left after placement, in basis points, counted three times</source>
        <translation>Resterend aandeel van de krapste resource na plaatsing, in basispunten, drie keer geteld</translation>
    </message>
    <message>
        <source>Uptime since the last boot as a share of 30 days, in basis points</source>
        <translation>Uptime sinds de laatste opstart als aandeel van 30 dagen, in basispunten</translation>
    </message>
    <message>
        <source>Bonus for a preferred country</source>
        <translation>Bonus voor een voorkeursland</translation>
    </message>
    <message>
        <source>Penalty for our live deployments on the node and its farm</source>
        <translation>Straf voor onze lopende deployments op de node en zijn farm</translation>
    </message>
    <message>
        <source>Score breakdown</source>
        <translation>Opbouw van de score</translation>
    </message>
    <message>
        <source>score = 3 × headroom + reliability + country bonus − spread penalty; ties go to the lowest node id.</source>
        <translation>score = 3 × marge + betrouwbaarheid + landbonus − spreidingsstraf; bij gelijke stand wint het laagste node-id.</translation>
    </message>
    <message>
        <source>The grid is not reachable</source>
        <translation>De Grid is niet bereikbaar</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Reading nodes from %1…</source>
        <translation>Nodes lezen van %1…</translation>
    </message>
    <message>
        <source>Could not read the nodes: %1</source>
        <translation>De nodes konden niet worden gelezen: %1</translation>
    </message>
    <message>
        <source>The grid proxy lists no nodes</source>
        <translation>De Grid-proxy geeft geen nodes</translation>
    </message>
    <message>
        <source>%1 nodes from %2 · read %3</source>
        <translation>%1 nodes van %2 · gelezen %3</translation>
    </message>
    <message>
        <source>Waiting for the node list…</source>
        <translation>Wacht op de lijst met nodes…</translation>
    </message>
    <message>
        <source>node %1 (%2, farm %3)</source>
        <translation>node %1 (%2, farm %3)</translation>
    </message>
    <message>
        <source>For %1 the selector picks &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>Voor %1 kiest de selector &lt;b&gt;%2&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Every node is eligible.</source>
        <translation>Elke node komt in aanmerking.</translation>
    </message>
    <message>
        <source>Not eligible: %1.</source>
        <translation>Komen niet in aanmerking: %1.</translation>
    </message>
    <message>
        <source>headroom %1 bp × 3</source>
        <translation>marge %1 bp × 3</translation>
    </message>
    <message>
        <source>%1 of ours on the node, %2 on farm %3</source>
        <translation>%1 van ons op de node, %2 op farm %3</translation>
    </message>
    <message>
        <source>%1 · farm %2</source>
        <translation>%1 · farm %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::NotificationsPane</name>
    <message>
        <source>Notifications</source>
        <translation>Meldingen</translation>
    </message>
    <message>
        <source>Resend</source>
        <translation>Opnieuw verzenden</translation>
    </message>
    <message>
        <source>Resend all failed</source>
        <translation>Alle mislukte opnieuw verzenden</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle statussen</translation>
    </message>
    <message>
        <source>Send the selected failed or undeliverable notification again</source>
        <translation>De geselecteerde mislukte of onbestelbare melding opnieuw verzenden</translation>
    </message>
    <message>
        <source>Send every failed and undeliverable notification again</source>
        <translation>Alle mislukte en onbestelbare meldingen opnieuw verzenden</translation>
    </message>
    <message>
        <source>Cannot read the outbox: %1</source>
        <translation>Kan de verzendwachtrij niet lezen: %1</translation>
    </message>
    <message>
        <source>Notification %1 will be sent again</source>
        <translation>Melding %1 wordt opnieuw verzonden</translation>
    </message>
    <message numerus="yes">
        <source>%n notifications will be sent again</source>
        <translation>
            <numerusform>%n melding wordt opnieuw verzonden</numerusform>
            <numerusform>%n meldingen worden opnieuw verzonden</numerusform>
        </translation>
    </message>
    <message>
        <source>pending %1 · sent %2 · failed %3 · undeliverable %4</source>
        <translation>wachtend %1 · verzonden %2 · mislukt %3 · onbestelbaar %4</translation>
    </message>
    <message>
        <source>No notifications yet</source>
        <translation>Nog geen meldingen</translation>
    </message>
    <message>
        <source>Emails, webhooks and Slack messages about deployments are listed here once queued.</source>
        <translation>E-mails, webhooks en Slack-berichten over deployments verschijnen hier zodra ze in de wachtrij staan.</translation>
    </message>
    <message>
        <source>No notification in this state</source>
        <translation>Geen melding met deze status</translation>
    </message>
    <message>
        <source>Show all states</source>
        <translation>Alle statussen tonen</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::OverviewPane</name>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>&lt;b&gt;Overview&lt;/b&gt;</source>
        <translation>&lt;b&gt;Overzicht&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In wachtrij</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Bezig</translation>
    </message>
    <message>
        <source>Active today</source>
        <translation>Vandaag actief</translation>
    </message>
    <message>
        <source>Failed today</source>
        <translation>Vandaag mislukt</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Succespercentage</translation>
    </message>
    <message>
        <source>Median time to active</source>
        <translation>Mediane tijd tot actief</translation>
    </message>
    <message>
        <source>Outcomes per minute · last hour</source>
        <translation>Uitkomsten per minuut · afgelopen uur</translation>
    </message>
    <message>
        <source>Queue depth · last hour</source>
        <translation>Wachtrijlengte · afgelopen uur</translation>
    </message>
    <message>
        <source>TFT / USD per source</source>
        <translation>TFT / USD per bron</translation>
    </message>
    <message>
        <source>Stage breakdown</source>
        <translation>Verdeling per fase</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Mislukt</translation>
    </message>
    <message>
        <source>Cancelled or stopped</source>
        <translation>Geannuleerd of gestopt</translation>
    </message>
    <message>
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message>
        <source>−%1 min</source>
        <translation>−%1 min</translation>
    </message>
    <message>
        <source>Could not read the store: %1</source>
        <translation>De database kon niet worden gelezen: %1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Bijgewerkt om %1</translation>
    </message>
    <message>
        <source>Jobs waiting in stage queued</source>
        <translation>Taken die wachten in de fase &apos;queued&apos;</translation>
    </message>
    <message>
        <source>of %1 jobs</source>
        <translation>van %1 taken</translation>
    </message>
    <message>
        <source>Jobs converting, deploying, waiting, verifying or rolling back</source>
        <translation>Taken die omzetten, uitrollen, wachten, controleren of terugdraaien</translation>
    </message>
    <message>
        <source>converting → verifying</source>
        <translation>omzetten → controleren</translation>
    </message>
    <message>
        <source>Jobs that became active since midnight</source>
        <translation>Taken die sinds middernacht actief zijn geworden</translation>
    </message>
    <message>
        <source>since midnight</source>
        <translation>sinds middernacht</translation>
    </message>
    <message>
        <source>Jobs that failed since midnight (credits released)</source>
        <translation>Taken die sinds middernacht mislukt zijn (tegoed vrijgegeven)</translation>
    </message>
    <message>
        <source>credits released</source>
        <translation>tegoed vrijgegeven</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Active ÷ (active + failed), today</source>
        <translation>Actief ÷ (actief + mislukt), vandaag</translation>
    </message>
    <message>
        <source>of %1 finished today</source>
        <translation>van %1 vandaag afgerond</translation>
    </message>
    <message>
        <source>No job finished today</source>
        <translation>Vandaag is geen taak afgerond</translation>
    </message>
    <message>
        <source>nothing finished today</source>
        <translation>vandaag niets afgerond</translation>
    </message>
    <message>
        <source>From purchase (enqueue) to service active, today&apos;s jobs</source>
        <translation>Van aankoop (in wachtrij) tot actieve service, taken van vandaag</translation>
    </message>
    <message>
        <source>purchase → active</source>
        <translation>aankoop → actief</translation>
    </message>
    <message>
        <source>No job became active today</source>
        <translation>Vandaag is geen taak actief geworden</translation>
    </message>
    <message>
        <source>no active job today</source>
        <translation>vandaag geen actieve taak</translation>
    </message>
    <message>
        <source>Outcomes per minute · last hour — none yet</source>
        <translation>Uitkomsten per minuut · afgelopen uur — nog geen</translation>
    </message>
    <message>
        <source>Outcomes per minute · last hour — %1 finished</source>
        <translation>Uitkomsten per minuut · afgelopen uur — %1 afgerond</translation>
    </message>
    <message>
        <source>Queue depth · now %1 queued, %2 in progress</source>
        <translation>Wachtrijlengte · nu %1 in wachtrij, %2 bezig</translation>
    </message>
    <message>
        <source>TFT / USD per source · last hour</source>
        <translation>TFT / USD per bron · afgelopen uur</translation>
    </message>
    <message>
        <source>TFT / USD per source — no readings in the last hour</source>
        <translation>TFT / USD per bron — geen metingen in het afgelopen uur</translation>
    </message>
    <message>
        <source>Stage breakdown — no jobs yet</source>
        <translation>Verdeling per fase — nog geen taken</translation>
    </message>
    <message>
        <source>Stage breakdown · %1 jobs</source>
        <translation>Verdeling per fase · %1 taken</translation>
    </message>
    <message>
        <source>No jobs yet — New deployment (Ctrl+N)</source>
        <translation>Nog geen taken — Nieuwe deployment (Ctrl+N)</translation>
    </message>
    <message>
        <source>TFT / USD per source · since %1</source>
        <translation>TFT / USD per bron · sinds %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::PaneTitle</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 van %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::QueuePane</name>
    <message>
        <source>Queue</source>
        <translation>Wachtrij</translation>
    </message>
    <message>
        <source>Search jobs… (Ctrl+F)</source>
        <translation>Taken zoeken… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>Change priority</source>
        <translation>Prioriteit wijzigen</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Nu opnieuw proberen</translation>
    </message>
    <message>
        <source>Run the selected jobs&apos; next attempt now instead of waiting (Ctrl+R)</source>
        <translation>De volgende poging van de geselecteerde taken nu uitvoeren in plaats van te wachten (Ctrl+R)</translation>
    </message>
    <message>
        <source>Cancel jobs…</source>
        <translation>Taken annuleren…</translation>
    </message>
    <message>
        <source>Cancel the selected queued jobs; their credits go back to the users (Delete)</source>
        <translation>De geselecteerde taken in de wachtrij annuleren; hun tegoed gaat terug naar de gebruikers (Delete)</translation>
    </message>
    <message>
        <source>Change the priority of the selected jobs</source>
        <translation>De prioriteit van de geselecteerde taken wijzigen</translation>
    </message>
    <message>
        <source>Queued jobs</source>
        <translation>Taken in de wachtrij</translation>
    </message>
    <message>
        <source>Show deployment</source>
        <translation>Deployment tonen</translation>
    </message>
    <message>
        <source>Resume queue</source>
        <translation>Wachtrij hervatten</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>Wachtrij pauzeren</translation>
    </message>
    <message>
        <source>Workers take new jobs again</source>
        <translation>Workers nemen weer nieuwe taken aan</translation>
    </message>
    <message>
        <source>Workers take no new jobs; running steps finish</source>
        <translation>Workers nemen geen nieuwe taken aan; lopende stappen worden afgerond</translation>
    </message>
    <message>
        <source>The queue is empty</source>
        <translation>De wachtrij is leeg</translation>
    </message>
    <message>
        <source>Every job has finished. New purchases wait here until a worker takes them.</source>
        <translation>Elke taak is afgerond. Nieuwe aankopen wachten hier tot een worker ze oppakt.</translation>
    </message>
    <message>
        <source>New deployment… (Ctrl+N)</source>
        <translation>Nieuwe deployment… (Ctrl+N)</translation>
    </message>
    <message>
        <source>No queued job matches the search and filters</source>
        <translation>Geen taak in de wachtrij voldoet aan de zoekopdracht en filters</translation>
    </message>
    <message>
        <source>%1 jobs are hidden by them.</source>
        <translation>Ze verbergen %1 taken.</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Zoekopdracht en filters wissen</translation>
    </message>
    <message>
        <source>%1 selected · %2 TFC</source>
        <translation>%1 geselecteerd · %2 TFC</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Taken annuleren</translation>
    </message>
    <message>
        <source>Only queued jobs can be cancelled: the selected jobs are already being deployed.</source>
        <translation>Alleen taken in de wachtrij kunnen worden geannuleerd: de geselecteerde taken worden al uitgerold.</translation>
    </message>
    <message>
        <source>Cancel queued job %1? Its credits (%2 TFC) go back to %3.</source>
        <translation>Taak %1 in de wachtrij annuleren? Het tegoed (%2 TFC) gaat terug naar %3.</translation>
    </message>
    <message>
        <source>Cancel %1 queued jobs? Their credits (%2 TFC) go back to the users.</source>
        <translation>%1 taken in de wachtrij annuleren? Het tegoed (%2 TFC) gaat terug naar de gebruikers.</translation>
    </message>
    <message>
        <source>%1 other selected jobs are already being deployed and are left alone.</source>
        <translation>%1 andere geselecteerde taken worden al uitgerold en blijven ongemoeid.</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Taak annuleren</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::RefundDialog</name>
    <message>
        <source>Refund job %1</source>
        <translation>Taak %1 terugbetalen</translation>
    </message>
    <message>
        <source>Reading job %1…</source>
        <translation>Taak %1 lezen…</translation>
    </message>
    <message>
        <source>Captured:</source>
        <translation>Afgeschreven:</translation>
    </message>
    <message>
        <source>Already refunded:</source>
        <translation>Al terugbetaald:</translation>
    </message>
    <message>
        <source>Refundable:</source>
        <translation>Terug te betalen:</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>Terug te betalen</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>Terug te betalen bedrag</translation>
    </message>
    <message>
        <source>&amp;Full</source>
        <translation>&amp;Volledig</translation>
    </message>
    <message>
        <source>Refund everything still refundable</source>
        <translation>Alles terugbetalen wat nog terugbetaald kan worden</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Bedrag:</translation>
    </message>
    <message>
        <source>Why the credits go back, e.g. &quot;service unreachable for 2 days&quot;</source>
        <translation>Waarom het tegoed teruggaat, bijv. &quot;service al 2 dagen onbereikbaar&quot;</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reden:</translation>
    </message>
    <message>
        <source>Recorded in the ledger as who made the refund</source>
        <translation>Vastgelegd in het grootboek als degene die terugbetaalde</translation>
    </message>
    <message>
        <source>Ac&amp;tor:</source>
        <translation>&amp;Uitvoerder:</translation>
    </message>
    <message>
        <source>&amp;Refund</source>
        <translation>&amp;Terugbetalen</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Taak %1</translation>
    </message>
    <message>
        <source>Job %1 · %2 · %3</source>
        <translation>Taak %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 TFC</source>
        <translation>%1 TFC</translation>
    </message>
    <message>
        <source>nothing (hold %1)</source>
        <translation>niets (reservering %1)</translation>
    </message>
    <message>
        <source>%1 commission + %2 grid payment</source>
        <translation>%1 commissie + %2 Grid-betaling</translation>
    </message>
    <message>
        <source>Job %1 was never charged (its hold is %2): only a captured job can be refunded. A failed or cancelled job&apos;s credits were already released in full.</source>
        <translation>Taak %1 is nooit afgeschreven (de reservering is %2): alleen een afgeschreven taak kan worden terugbetaald. Het tegoed van een mislukte of geannuleerde taak is al volledig vrijgegeven.</translation>
    </message>
    <message>
        <source>Job %1 has been refunded in full.</source>
        <translation>Taak %1 is volledig terugbetaald.</translation>
    </message>
    <message>
        <source>Enter the amount to refund.</source>
        <translation>Vul het terug te betalen bedrag in.</translation>
    </message>
    <message>
        <source>The amount %1</source>
        <translation>Het bedrag %1</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Het bedrag moet groter zijn dan nul.</translation>
    </message>
    <message>
        <source>%1 TFC is more than the refundable %2 TFC for job %3.</source>
        <translation>%1 TFC is meer dan de %2 TFC die voor taak %3 terugbetaald kan worden.</translation>
    </message>
    <message>
        <source>A reason is required: it is kept in the audit trail.</source>
        <translation>Een reden is verplicht: die wordt bewaard in het audittrail.</translation>
    </message>
    <message>
        <source>Say who makes the refund.</source>
        <translation>Geef aan wie de terugbetaling doet.</translation>
    </message>
    <message>
        <source>&amp;Refund %1 TFC</source>
        <translation>%1 TFC &amp;terugbetalen</translation>
    </message>
    <message>
        <source>Refund %1 TFC to %2 for job %3?

The credits become available to %2 at once. The refund is recorded in the ledger with your name and reason and cannot be undone.%4</source>
        <translation>%1 TFC terugbetalen aan %2 voor taak %3?

Het tegoed is direct beschikbaar voor %2. De terugbetaling wordt met uw naam en reden in het grootboek vastgelegd en kan niet ongedaan worden gemaakt.%4</translation>
    </message>
    <message>
        <source>

%1 TFC stays refundable.</source>
        <translation>

%1 TFC blijft terug te betalen.</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Terugbetalen</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>Terugbetalen…</translation>
    </message>
    <message>
        <source>Refunded %1 TFC.</source>
        <translation>%1 TFC terugbetaald.</translation>
    </message>
    <message>
        <source>The ledger refused the refund: %1</source>
        <translation>Het grootboek weigerde de terugbetaling: %1</translation>
    </message>
    <message>
        <source>Nothing was refunded. %1</source>
        <translation>Er is niets terugbetaald. %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::ServiceTypePages</name>
    <message>
        <source>Operating &amp;system:</source>
        <translation>Bes&amp;turingssysteem:</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>&amp;Versie:</translation>
    </message>
    <message>
        <source>nginx:1.25 or ghcr.io/org/app:tag</source>
        <translation>nginx:1.25 of ghcr.io/org/app:tag</translation>
    </message>
    <message>
        <source>80, 443</source>
        <translation>80, 443</translation>
    </message>
    <message>
        <source>Exposed ports, separated by commas or spaces (1–65535).</source>
        <translation>Opengestelde poorten, gescheiden door komma&apos;s of spaties (1–65535).</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>&amp;Ports:</source>
        <translation>Poo&amp;rten:</translation>
    </message>
    <message>
        <source> nodes</source>
        <translation> nodes</translation>
    </message>
    <message>
        <source>Optional: a manifest applied once the cluster is up</source>
        <translation>Optioneel: een manifest dat wordt toegepast zodra het cluster draait</translation>
    </message>
    <message>
        <source>&amp;Nodes:</source>
        <translation>&amp;Nodes:</translation>
    </message>
    <message>
        <source>&amp;Manifest:</source>
        <translation>&amp;Manifest:</translation>
    </message>
    <message>
        <source>Storage &amp;type:</source>
        <translation>Opslag&amp;type:</translation>
    </message>
    <message>
        <source>&amp;Application:</source>
        <translation>&amp;Applicatie:</translation>
    </message>
    <message>
        <source>ports must be numbers separated by commas; &quot;%1&quot; is not a port number</source>
        <translation>poorten moeten getallen zijn, gescheiden door komma&apos;s; &quot;%1&quot; is geen poortnummer</translation>
    </message>
    <message>
        <source>https://hub.grid.tf/&lt;user&gt;/&lt;image&gt;.flist</source>
        <translation>https://hub.grid.tf/&lt;gebruiker&gt;/&lt;image&gt;.flist</translation>
    </message>
    <message>
        <source>The ThreeFold Grid runs containers from flists. Convert the Docker image on the ThreeFold Hub (hub.grid.tf, “Docker Hub Converter”) and paste the .flist URL.</source>
        <translation>De ThreeFold Grid draait containers vanuit flists. Zet de Docker-image om op de ThreeFold Hub (hub.grid.tf, „Docker Hub Converter”) en plak de .flist-URL.</translation>
    </message>
    <message>
        <source>&amp;Flist:</source>
        <translation>&amp;Flist:</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::SettingsDialog</name>
    <message>
        <source>No keychain is available: secrets are kept for this session only and will be asked again next time.</source>
        <translation>Er is geen sleutelhanger beschikbaar: geheimen worden alleen voor deze sessie bewaard en worden de volgende keer opnieuw gevraagd.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Secrets</source>
        <translation>Geheimen</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Opgeslagen in %1</translation>
    </message>
    <message>
        <source>A new language takes effect the next time GridDeck starts.</source>
        <translation>Een nieuwe taal wordt actief bij de volgende start van GridDeck.</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Ingeschakeld</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systeemstandaard</translation>
    </message>
    <message>
        <source>BE, NL</source>
        <translation>BE, NL</translation>
    </message>
    <message>
        <source>ops@example.com, …</source>
        <translation>ops@example.com, …</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>not a decimal number</source>
        <translation>geen decimaal getal</translation>
    </message>
    <message>
        <source>Correct the setting marked in red to save.</source>
        <translation>Corrigeer de rood gemarkeerde instelling om op te slaan.</translation>
    </message>
    <message>
        <source>Correct the %1 settings marked in red to save.</source>
        <translation>Corrigeer de %1 rood gemarkeerde instellingen om op te slaan.</translation>
    </message>
    <message>
        <source>Secrets never go into deployment.toml, the database or a log. Values are write-only: type a new value to replace the stored one; it is stored when you press Save.</source>
        <translation>Geheimen komen nooit in deployment.toml, de database of een log. Waarden zijn alleen-schrijven: typ een nieuwe waarde om de opgeslagen waarde te vervangen; die wordt opgeslagen wanneer u op Opslaan drukt.</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>controleren…</translation>
    </message>
    <message>
        <source>new value</source>
        <translation>nieuwe waarde</translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>Nieuw: %1</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 verwijderen</translation>
    </message>
    <message>
        <source>Remove secret</source>
        <translation>Geheim verwijderen</translation>
    </message>
    <message>
        <source>Remove the %1 from the %2? Whatever uses it stops working until you set it again.</source>
        <translation>&apos;%1&apos; verwijderen uit &apos;%2&apos;? Alles wat het gebruikt werkt niet meer tot u het opnieuw instelt.</translation>
    </message>
    <message>
        <source>✕ unknown</source>
        <translation>✕ onbekend</translation>
    </message>
    <message>
        <source>● set</source>
        <translation>● ingesteld</translation>
    </message>
    <message>
        <source>Stored in the %1</source>
        <translation>Opgeslagen in: %1</translation>
    </message>
    <message>
        <source>○ not set</source>
        <translation>○ niet ingesteld</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Niet opgeslagen: %1</translation>
    </message>
    <message>
        <source>Storing secrets…</source>
        <translation>Geheimen opslaan…</translation>
    </message>
    <message>
        <source>The settings were saved, but a secret was not stored: %1</source>
        <translation>De instellingen zijn opgeslagen, maar een geheim is niet bewaard: %1</translation>
    </message>
    <message>
        <source>Not connected: %1. %2</source>
        <translation>Niet verbonden: %1. %2</translation>
    </message>
    <message>
        <source>
Twin %1</source>
        <translation>
Twin %1</translation>
    </message>
    <message>
        <source>; balances: %1</source>
        <translation>; saldi: %1</translation>
    </message>
    <message>
        <source>; TFT on TFChain %1, on Stellar %2</source>
        <translation>; TFT op TFChain %1, op Stellar %2</translation>
    </message>
    <message>
        <source>The grid gateway does not answer: %1</source>
        <translation>De grid-gateway antwoordt niet: %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::Sidebar</name>
    <message>
        <source>Sections</source>
        <translation>Onderdelen</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::StatusIndicator</name>
    <message>
        <source>working</source>
        <translation>werkt</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>faalt</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>verminderd</translation>
    </message>
    <message>
        <source>off</source>
        <translation>uit</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>nog niet gecontroleerd</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::StatusPanel</name>
    <message>
        <source>DEX</source>
        <translation>DEX</translation>
    </message>
    <message>
        <source>CoinGecko</source>
        <translation>CoinGecko</translation>
    </message>
    <message>
        <source>TFChain</source>
        <translation>TFChain</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Workers</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Wachtrij</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Sleutelhanger</translation>
    </message>
    <message>
        <source>Pipeline status</source>
        <translation>Status van de pipeline</translation>
    </message>
    <message>
        <source>%1: no price fetched yet</source>
        <translation>%1: nog geen prijs opgehaald</translation>
    </message>
    <message>
        <source>Grid: not reached yet</source>
        <translation>Grid: nog niet bereikt</translation>
    </message>
    <message>
        <source>Grid reachable%1</source>
        <translation>Grid bereikbaar%1</translation>
    </message>
    <message>
        <source>Grid unreachable: %1</source>
        <translation>Grid onbereikbaar: %1</translation>
    </message>
    <message>
        <source>%1: %2 USD per TFT</source>
        <translation>%1: %2 USD per TFT</translation>
    </message>
    <message>
        <source>%1 failing: %2</source>
        <translation>%1 faalt: %2</translation>
    </message>
    <message>
        <source>%1 of %2 workers busy</source>
        <translation>%1 van %2 workers bezig</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>gepauzeerd</translation>
    </message>
    <message>
        <source>running</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>Queue paused: no new jobs are taken; running steps finish (Ctrl+P resumes)</source>
        <translation>Wachtrij gepauzeerd: er worden geen nieuwe taken aangenomen; lopende stappen worden afgerond (Ctrl+P hervat)</translation>
    </message>
    <message>
        <source>Queue running: workers take due jobs (Ctrl+P pauses)</source>
        <translation>Wachtrij actief: workers nemen taken die aan de beurt zijn (Ctrl+P pauzeert)</translation>
    </message>
    <message>
        <source>The pipeline is not running</source>
        <translation>De pipeline draait niet</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>Contracten</translation>
    </message>
    <message>
        <source>Contracts: not reconciled yet</source>
        <translation>Contracten: nog niet afgestemd</translation>
    </message>
    <message>
        <source>check</source>
        <translation>controleren</translation>
    </message>
    <message>
        <source>Contracts: %1</source>
        <translation>Contracten: %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::TimelineWidget</name>
    <message>
        <source>Deployment progress</source>
        <translation>Voortgang van de deployment</translation>
    </message>
    <message>
        <source>Payment Processed</source>
        <translation>Betaling verwerkt</translation>
    </message>
    <message>
        <source>Converting TFC → TFT</source>
        <translation>TFC → TFT omzetten</translation>
    </message>
    <message>
        <source>Deploying on Grid</source>
        <translation>Uitrollen op de Grid</translation>
    </message>
    <message>
        <source>Service Active</source>
        <translation>Service actief</translation>
    </message>
    <message>
        <source>The service was stopped and its contract cancelled.</source>
        <translation>De service is gestopt en het contract opgezegd.</translation>
    </message>
    <message>
        <source>The deployment failed; the credits were returned to the user.</source>
        <translation>De deployment is mislukt; het tegoed is teruggegeven aan de gebruiker.</translation>
    </message>
    <message>
        <source>Rolling back: %1</source>
        <translation>Terugdraaien: %1</translation>
    </message>
    <message>
        <source>Cancelled before deployment; the credits went back to the user.</source>
        <translation>Geannuleerd vóór de deployment; het tegoed ging terug naar de gebruiker.</translation>
    </message>
    <message>
        <source>Last attempt: %1</source>
        <translation>Laatste poging: %1</translation>
    </message>
    <message>
        <source>No deployment selected.</source>
        <translation>Geen deployment geselecteerd.</translation>
    </message>
    <message>
        <source>Service active.</source>
        <translation>Service actief.</translation>
    </message>
    <message>
        <source>Failed at step %1 of 5, %2: %3</source>
        <translation>Mislukt bij stap %1 van 5, %2: %3</translation>
    </message>
    <message>
        <source>Cancelled at step %1 of 5, %2.</source>
        <translation>Geannuleerd bij stap %1 van 5, %2.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Gestopt.</translation>
    </message>
    <message>
        <source>Step %1 of 5: %2.</source>
        <translation>Stap %1 van 5: %2.</translation>
    </message>
    <message>
        <source>Queued for Deployment</source>
        <translation>In wachtrij voor deployment</translation>
    </message>
    <message>
        <source>Flagged: %1. The service keeps its contract; restart it again, stop it, or refund it.</source>
        <translation>Gemarkeerd: %1. De dienst houdt zijn contract; herstart hem opnieuw, stop hem of betaal hem terug.</translation>
    </message>
    <message>
        <source>The last restart worked: the service passed readiness and health again.</source>
        <translation>De laatste herstart is gelukt: de dienst doorstond de gereedheids- en gezondheidscontrole opnieuw.</translation>
    </message>
    <message>
        <source>Restarted by %1: checking readiness and health again…</source>
        <translation>Herstart door %1: gereedheid en gezondheid worden opnieuw gecontroleerd…</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::UserContactBox</name>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Save contact</source>
        <translation>Contact opslaan</translation>
    </message>
    <message>
        <source>buyer@example.com — told when a deployment is ready or fails</source>
        <translation>koper@example.com — bericht wanneer een deployment klaar is of mislukt</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>E-mailadres</translation>
    </message>
    <message>
        <source>https://… (optional)</source>
        <translation>https://… (optioneel)</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>Webhook-URL</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>Contact of %1</source>
        <translation>Contact van %1</translation>
    </message>
    <message>
        <source>Not an email address: %1</source>
        <translation>Geen e-mailadres: %1</translation>
    </message>
    <message>
        <source>Not a webhook URL: %1</source>
        <translation>Geen webhook-URL: %1</translation>
    </message>
    <message>
        <source>Saved: %1 gets no email</source>
        <translation>Opgeslagen: %1 krijgt geen e-mail</translation>
    </message>
    <message>
        <source>Saved: %1 is told at %2</source>
        <translation>Opgeslagen: %1 krijgt bericht op %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::WalletPane</name>
    <message>
        <source>Wallet</source>
        <translation>Portemonnee</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Gebruikers</translation>
    </message>
    <message>
        <source>Search users…</source>
        <translation>Gebruikers zoeken…</translation>
    </message>
    <message>
        <source>No users yet</source>
        <translation>Nog geen gebruikers</translation>
    </message>
    <message>
        <source>Top up a new name below to create a user with credits.</source>
        <translation>Waardeer hieronder een nieuwe naam op om een gebruiker met tegoed aan te maken.</translation>
    </message>
    <message>
        <source>Top up credits</source>
        <translation>Tegoed opwaarderen</translation>
    </message>
    <message>
        <source>user name (a new name creates the user)</source>
        <translation>gebruikersnaam (een nieuwe naam maakt de gebruiker aan)</translation>
    </message>
    <message>
        <source>Top-up user</source>
        <translation>Op te waarderen gebruiker</translation>
    </message>
    <message>
        <source>Top-up amount</source>
        <translation>Opwaardeerbedrag</translation>
    </message>
    <message>
        <source>e.g. purchase #1042 (optional)</source>
        <translation>bijv. aankoop #1042 (optioneel)</translation>
    </message>
    <message>
        <source>Top-up reason</source>
        <translation>Reden van de opwaardering</translation>
    </message>
    <message>
        <source>Top &amp;up</source>
        <translation>&amp;Opwaarderen</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Iedereen</translation>
    </message>
    <message>
        <source>Every user&apos;s ledger entries</source>
        <translation>De grootboekposten van alle gebruikers</translation>
    </message>
    <message>
        <source>Only this job</source>
        <translation>Alleen deze taak</translation>
    </message>
    <message>
        <source>The ledger entries of the selected entry&apos;s job</source>
        <translation>De grootboekposten van de taak van de geselecteerde post</translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation>&amp;Terugbetalen…</translation>
    </message>
    <message>
        <source>Refund credits of the selected entry&apos;s job (captured jobs only)</source>
        <translation>Tegoed terugbetalen van de taak van de geselecteerde post (alleen afgeschreven taken)</translation>
    </message>
    <message>
        <source>Ledger entries</source>
        <translation>Grootboekposten</translation>
    </message>
    <message>
        <source>job %1</source>
        <translation>taak %1</translation>
    </message>
    <message>
        <source>user %1</source>
        <translation>gebruiker %1</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>iedereen</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>Grootboek</translation>
    </message>
    <message>
        <source>&amp;Refund job %1…</source>
        <translation>Taak %1 &amp;terugbetalen…</translation>
    </message>
    <message>
        <source>A user name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; or &apos;@&apos;.</source>
        <translation>Een gebruikersnaam bestaat uit 1 tot 64 letters, cijfers, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; of &apos;@&apos;.</translation>
    </message>
    <message>
        <source>The amount %1</source>
        <translation>Het bedrag %1</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Het bedrag moet groter zijn dan nul.</translation>
    </message>
    <message>
        <source>Create &amp;&amp; top &amp;up</source>
        <translation>Aanmaken en &amp;opwaarderen</translation>
    </message>
    <message>
        <source>top-up from the console</source>
        <translation>opwaardering vanuit de console</translation>
    </message>
    <message>
        <source>Not topped up: %1</source>
        <translation>Niet opgewaardeerd: %1</translation>
    </message>
    <message>
        <source>%1 TFC added to %2.</source>
        <translation>%1 TFC toegevoegd aan %2.</translation>
    </message>
    <message>
        <source>Refunded %1 TFC for job %2.</source>
        <translation>%1 TFC terugbetaald voor taak %2.</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::WalletStatus</name>
    <message>
        <source>TFT wallet</source>
        <translation>TFT-portemonnee</translation>
    </message>
    <message>
        <source>TFT balance</source>
        <translation>TFT-saldo</translation>
    </message>
    <message>
        <source>USD balance</source>
        <translation>USD-saldo</translation>
    </message>
    <message>
        <source>TFT:</source>
        <translation>TFT:</translation>
    </message>
    <message>
        <source>USD:</source>
        <translation>USD:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Latest TFT quote</source>
        <translation>Laatste TFT-notering</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <source>USD / TFT</source>
        <translation>USD / TFT</translation>
    </message>
    <message>
        <source>From median</source>
        <translation>Afwijking van mediaan</translation>
    </message>
    <message>
        <source>In the rate</source>
        <translation>In de koers</translation>
    </message>
    <message>
        <source>Price sources of the latest quote</source>
        <translation>Prijsbronnen van de laatste notering</translation>
    </message>
    <message>
        <source>Wallet unreachable: %1</source>
        <translation>Portemonnee onbereikbaar: %1</translation>
    </message>
    <message>
        <source>The wallet at %1 answered something other than a balance.</source>
        <translation>De portemonnee op %1 gaf iets anders terug dan een saldo.</translation>
    </message>
    <message>
        <source>%1 · read %2</source>
        <translation>%1 · gelezen %2</translation>
    </message>
    <message>
        <source>Could not read the quotes: %1</source>
        <translation>De noteringen konden niet worden gelezen: %1</translation>
    </message>
    <message>
        <source>No quote yet — a quote is taken when a queued job starts; each source&apos;s rate and the ones dropped show here.</source>
        <translation>Nog geen notering — een notering wordt genomen wanneer een taak uit de wachtrij start; de koers van elke bron en de weggelaten bronnen staan hier.</translation>
    </message>
    <message>
        <source>No job has taken a quote yet; the latest reading of each source:</source>
        <translation>Nog geen taak heeft een notering genomen; de laatste meting van elke bron:</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>geantwoord</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>mislukt: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 USD/TFT&lt;/b&gt; — average of %2 (median %3) · job %4 · %5</source>
        <translation>&lt;b&gt;%1 USD/TFT&lt;/b&gt; — gemiddelde van %2 (mediaan %3) · taak %4 · %5</translation>
    </message>
    <message>
        <source>%1
Taken %2; sources further than %3 % from the median are dropped.</source>
        <translation>%1
Genomen %2; bronnen die meer dan %3% van de mediaan afwijken, worden weggelaten.</translation>
    </message>
    <message>
        <source>● used</source>
        <translation>● gebruikt</translation>
    </message>
    <message>
        <source>✕ dropped</source>
        <translation>✕ weggelaten</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Every source was used.</source>
        <translation>Elke bron is gebruikt.</translation>
    </message>
    <message>
        <source>Dropped — %1</source>
        <translation>Weggelaten — %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>GridDeck: turns paid TFC credits into running services on the ThreeFold Grid.</source>
        <translation>GridDeck: zet betaald TFC-tegoed om in draaiende services op de ThreeFold Grid.</translation>
    </message>
    <message>
        <source>Read the configuration from FILE (deployment.toml).</source>
        <translation>De configuratie lezen uit FILE (deployment.toml).</translation>
    </message>
    <message>
        <source>Use the database FILE.</source>
        <translation>De database FILE gebruiken.</translation>
    </message>
    <message>
        <source>Start on a fresh temporary store (unless --db is given) with demo users and purchases.</source>
        <translation>Starten met een nieuwe tijdelijke database (tenzij --db is opgegeven) met demogebruikers en -aankopen.</translation>
    </message>
    <message>
        <source>Show the console in LANG (en, fr, nl).</source>
        <translation>De console tonen in LANG (en, fr, nl).</translation>
    </message>
    <message>
        <source>GridDeck cannot start</source>
        <translation>GridDeck kan niet starten</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;: griddeck takes only options (see --help).</source>
        <translation>Onverwacht argument &quot;%1&quot;: griddeck accepteert alleen opties (zie --help).</translation>
    </message>
    <message>
        <source>--language &quot;%1&quot; is not one of %2.</source>
        <translation>--language &quot;%1&quot; is niet een van %2.</translation>
    </message>
    <message>
        <source>Could not create a temporary folder for the demo: %1</source>
        <translation>Er kon geen tijdelijke map voor de demo worden aangemaakt: %1</translation>
    </message>
</context>
</TS>
