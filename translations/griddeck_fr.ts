<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>BuyerEmail</name>
    <message>
        <source>Hello %1,</source>
        <translation>Bonjour %1,</translation>
    </message>
    <message>
        <source>— GridDeck</source>
        <translation>— GridDeck</translation>
    </message>
    <message>
        <source>Your deployment #%1 is ready</source>
        <translation>Votre déploiement n°%1 est prêt</translation>
    </message>
    <message>
        <source>Your service is up and running: %1.</source>
        <translation>Votre service est en ligne : %1.</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>Adresse IP</translation>
    </message>
    <message>
        <source>SSH access</source>
        <translation>Accès SSH</translation>
    </message>
    <message>
        <source>Web interface</source>
        <translation>Interface web</translation>
    </message>
    <message>
        <source>TFC spent</source>
        <translation>TFC dépensés</translation>
    </message>
    <message>
        <source>%1 TFC</source>
        <translation>%1 TFC</translation>
    </message>
    <message>
        <source>Your deployment #%1 could not be completed</source>
        <translation>Votre déploiement n°%1 n&apos;a pas pu aboutir</translation>
    </message>
    <message>
        <source>We could not deploy your service: %1.</source>
        <translation>Nous n&apos;avons pas pu déployer votre service : %1.</translation>
    </message>
    <message>
        <source>What went wrong</source>
        <translation>Ce qui n&apos;a pas fonctionné</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>The credits held for this purchase were refunded in full: they are back in your balance.</source>
        <translation>Les crédits réservés pour cet achat ont été remboursés intégralement : ils sont de retour sur votre solde.</translation>
    </message>
    <message>
        <source>A refund for your deployment #%1</source>
        <translation>Un remboursement pour votre déploiement n°%1</translation>
    </message>
    <message>
        <source>A refund was issued for your service: %1.</source>
        <translation>Un remboursement a été émis pour votre service : %1.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 is not part of this build</source>
        <translation>%1 n&apos;est pas inclus dans cette version</translation>
    </message>
    <message>
        <source>%1 error</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>user</source>
        <translation>utilisateur</translation>
    </message>
    <message>
        <source>operating system</source>
        <translation>système d&apos;exploitation</translation>
    </message>
    <message>
        <source>version</source>
        <translation>version</translation>
    </message>
    <message>
        <source>image</source>
        <translation>image</translation>
    </message>
    <message>
        <source>ports</source>
        <translation>ports</translation>
    </message>
    <message>
        <source>node count</source>
        <translation>nombre de nœuds</translation>
    </message>
    <message>
        <source>storage type</source>
        <translation>type de stockage</translation>
    </message>
    <message>
        <source>application</source>
        <translation>application</translation>
    </message>
    <message>
        <source>CPU cores</source>
        <translation>cœurs CPU</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>mémoire</translation>
    </message>
    <message>
        <source>storage</source>
        <translation>stockage</translation>
    </message>
    <message>
        <source>network</source>
        <translation>réseau</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>environnement</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>montant</translation>
    </message>
    <message>
        <source>0-DB namespace (key-value / append-only store)</source>
        <translation>Espace de noms 0-DB (stockage clé-valeur / en ajout seul)</translation>
    </message>
    <message>
        <source>Quantum Safe Filesystem (dispersed, 0-DB backed)</source>
        <translation>Quantum Safe Filesystem (dispersé, adossé à 0-DB)</translation>
    </message>
    <message>
        <source>Block volume mounted into a VM or container</source>
        <translation>Volume bloc monté dans une VM ou un conteneur</translation>
    </message>
    <message>
        <source>S3-compatible object store (MinIO over QSFS)</source>
        <translation>Stockage objet compatible S3 (MinIO sur QSFS)</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>TFT conversion</source>
        <translation>Conversion en TFT</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Commission</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Grid proxy URL</source>
        <translation>URL du proxy Grid</translation>
    </message>
    <message>
        <source>Deployer URL</source>
        <translation>URL du déployeur</translation>
    </message>
    <message>
        <source>Substrate URL</source>
        <translation>URL Substrate</translation>
    </message>
    <message>
        <source>Relay URL</source>
        <translation>URL du relais</translation>
    </message>
    <message>
        <source>Horizon URL</source>
        <translation>URL Horizon</translation>
    </message>
    <message>
        <source>CoinGecko URL</source>
        <translation>URL CoinGecko</translation>
    </message>
    <message>
        <source>Wallet URL</source>
        <translation>URL du portefeuille</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>URL du webhook</translation>
    </message>
    <message>
        <source>SMTP host</source>
        <translation>Hôte SMTP</translation>
    </message>
    <message>
        <source>SMTP port</source>
        <translation>Port SMTP</translation>
    </message>
    <message>
        <source>SMTP user</source>
        <translation>Utilisateur SMTP</translation>
    </message>
    <message>
        <source>E-mail from</source>
        <translation>Expéditeur des e-mails</translation>
    </message>
    <message>
        <source>E-mail to</source>
        <translation>Destinataires des e-mails</translation>
    </message>
    <message>
        <source>TFC → USD rate</source>
        <translation>Taux TFC → USD</translation>
    </message>
    <message>
        <source>Commission (%)</source>
        <translation>Commission (%)</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Fichier de base de données</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source> (seconds)</source>
        <translation> (secondes)</translation>
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
        <translation>Le simulateur Grid intégré ne tourne pas (il démarre avec le moteur du pipeline)&#xa0;: indiquez de vraies URL dans les Paramètres, ou démarrez le moteur.</translation>
    </message>
    <message>
        <source>quote of job %1</source>
        <translation>la cotation de la tâche %1</translation>
    </message>
    <message>
        <source>price history</source>
        <translation>l&apos;historique des prix</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Every word must match: id, user, service, IP, node, country or error</source>
        <translation>Chaque mot doit correspondre&#xa0;: id, utilisateur, service, IP, nœud, pays ou erreur</translation>
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
        <translation>API HTTP</translation>
    </message>
    <message>
        <source>Serve the HTTP API</source>
        <translation>Servir l’API HTTP</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Écouter sur</translation>
    </message>
</context>
<context>
    <name>griddeck::NotificationModel</name>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyée</translation>
    </message>
    <message>
        <source>Failed, retrying</source>
        <translation>Échec, nouvel essai</translation>
    </message>
    <message>
        <source>Undeliverable</source>
        <translation>Impossible à remettre</translation>
    </message>
    <message>
        <source>Next try %1</source>
        <translation>Prochain essai %1</translation>
    </message>
    <message>
        <source>operators</source>
        <translation>opérateurs</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Essais</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
</context>
<context>
    <name>griddeck::ui</name>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>No grid gateway runs: set threefold_grid.network (main, test, qa or dev), save, and start the pipeline.</source>
        <translation>Aucune passerelle grille ne tourne : définissez threefold_grid.network (main, test, qa ou dev), enregistrez et démarrez le pipeline.</translation>
    </message>
    <message>
        <source>Asking the grid gateway…</source>
        <translation>Interrogation de la passerelle grille…</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::AppController</name>
    <message>
        <source>The console is already open on %1.</source>
        <translation>La console est déjà ouverte sur %1.</translation>
    </message>
    <message>
        <source>Could not seed the demo data: %1</source>
        <translation>Impossible de créer les données de démonstration&#xa0;: %1</translation>
    </message>
    <message>
        <source>Checking the %1…</source>
        <translation>Vérification&#xa0;: %1…</translation>
    </message>
    <message>
        <source>Secrets are kept in the %1.</source>
        <translation>Les secrets sont conservés ici&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Secrets are kept in %1 only: they are forgotten when GridDeck exits.</source>
        <translation>Les secrets ne sont conservés que dans %1&#xa0;: ils sont oubliés à la fermeture de GridDeck.</translation>
    </message>
    <message>
        <source>No keychain answered (%1). Secrets are kept for this session only.</source>
        <translation>Aucun trousseau de clés n&apos;a répondu (%1). Les secrets sont conservés pour cette session uniquement.</translation>
    </message>
    <message>
        <source>Could not create the folder %1 for the configuration.</source>
        <translation>Impossible de créer le dossier %1 pour la configuration.</translation>
    </message>
    <message>
        <source>Could not change the queue: %1</source>
        <translation>Impossible de modifier la file d&apos;attente&#xa0;: %1</translation>
    </message>
    <message>
        <source>Retry now requested by the operator.</source>
        <translation>Nouvelle tentative immédiate demandée par l&apos;opérateur.</translation>
    </message>
    <message>
        <source>The pipeline did not start: %1</source>
        <translation>Le pipeline n&apos;a pas démarré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Tâche %1</translation>
    </message>
    <message>
        <source>#%1 %2 for %3</source>
        <translation>#%1 %2 pour %3</translation>
    </message>
    <message>
        <source> at %1</source>
        <translation> à %1</translation>
    </message>
    <message>
        <source>The pipeline is stopped.</source>
        <translation>Le pipeline est arrêté.</translation>
    </message>
    <message>
        <source>Restarting a service needs the pipeline engine, which is not running.</source>
        <translation>Redémarrer un service nécessite le moteur du pipeline, qui ne tourne pas.</translation>
    </message>
    <message>
        <source>Stopping a service needs the pipeline engine, which is not running.</source>
        <translation>Arrêter un service nécessite le moteur du pipeline, qui ne tourne pas.</translation>
    </message>
    <message>
        <source>This build has no pipeline engine: jobs wait in the queue.</source>
        <translation>Cette version n&apos;a pas de moteur de pipeline&#xa0;: les tâches attendent dans la file d&apos;attente.</translation>
    </message>
    <message>
        <source>Job %1 is %2: only a failed, cancelled or stopped job can be retried.</source>
        <translation>La tâche %1 est %2 : seule une tâche en échec, annulée ou arrêtée peut être relancée.</translation>
    </message>
    <message>
        <source>The HTTP API is off (Settings → HTTP API).</source>
        <translation>L’API HTTP est désactivée (Paramètres → API HTTP).</translation>
    </message>
    <message>
        <source>The HTTP API is not served on %1: %2</source>
        <translation>L’API HTTP n’est pas servie sur %1 : %2</translation>
    </message>
    <message>
        <source>%1 live, all owned by active jobs</source>
        <translation>%1 actifs, tous liés à des tâches actives</translation>
    </message>
    <message>
        <source>%1 orphan contract(s) cancelled, %2 active job(s) without a contract</source>
        <translation>%1 contrat(s) orphelin(s) annulé(s), %2 tâche(s) active(s) sans contrat</translation>
    </message>
    <message>
        <source>not reconciled: %1</source>
        <translation>non rapproché : %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::CopyField</name>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
    <message>
        <source>Copy %1 (or double-click the value)</source>
        <translation>Copier %1 (ou double-cliquer sur la valeur)</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>Copier %1</translation>
    </message>
    <message>
        <source>Open in the browser</source>
        <translation>Ouvrir dans le navigateur</translation>
    </message>
    <message>
        <source>Open %1 in the browser</source>
        <translation>Ouvrir %1 dans le navigateur</translation>
    </message>
    <message>
        <source>Double-click to copy</source>
        <translation>Double-cliquer pour copier</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::DeploymentDetail</name>
    <message>
        <source>Deployment details</source>
        <translation>Détails du déploiement</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>Informations de connexion</translation>
    </message>
    <message>
        <source>Connection details appear once the service is deployed.</source>
        <translation>Les informations de connexion apparaissent une fois le service déployé.</translation>
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
        <translation>Paiement et Grid</translation>
    </message>
    <message>
        <source>TFC spent</source>
        <translation>TFC dépensés</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Commission</translation>
    </message>
    <message>
        <source>Grid payment</source>
        <translation>Paiement Grid</translation>
    </message>
    <message>
        <source>TFT converted</source>
        <translation>TFT convertis</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Taux</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>Grid node</source>
        <translation>Nœud Grid</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Contrat</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Redémarrer</translation>
    </message>
    <message>
        <source>Restart the service on its node</source>
        <translation>Redémarrer le service sur son nœud</translation>
    </message>
    <message>
        <source>Stop…</source>
        <translation>Arrêter…</translation>
    </message>
    <message>
        <source>Stop the service and cancel its contract</source>
        <translation>Arrêter le service et résilier son contrat</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>Rembourser…</translation>
    </message>
    <message>
        <source>Give credits back to the user</source>
        <translation>Rendre des crédits à l&apos;utilisateur</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Queue this purchase again; credits are held anew</source>
        <translation>Remettre cet achat en file d&apos;attente&#xa0;; les crédits sont à nouveau réservés</translation>
    </message>
    <message>
        <source>Show or hide the history</source>
        <translation>Afficher ou masquer l&apos;historique</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Ce qui s&apos;est passé</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Job history</source>
        <translation>Historique de la tâche</translation>
    </message>
    <message>
        <source>No deployment selected</source>
        <translation>Aucun déploiement sélectionné</translation>
    </message>
    <message>
        <source>Select a deployment to see its progress, connection details and history.</source>
        <translation>Sélectionnez un déploiement pour voir sa progression, ses informations de connexion et son historique.</translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2 priority · bought %3</source>
        <translation>%1 · priorité %2 · acheté %3</translation>
    </message>
    <message>
        <source> · retry of #%1</source>
        <translation> · nouvelle tentative de #%1</translation>
    </message>
    <message>
        <source> · attempt %1 of %2</source>
        <translation> · tentative %1 sur %2</translation>
    </message>
    <message>
        <source>Bought %1, last change %2</source>
        <translation>Acheté le %1, dernière modification le %2</translation>
    </message>
    <message>
        <source>This job never got an address on the grid.</source>
        <translation>Cette tâche n&apos;a jamais obtenu d&apos;adresse sur la Grid.</translation>
    </message>
    <message>
        <source>The contract has ended: these addresses no longer answer.</source>
        <translation>Le contrat a pris fin&#xa0;: ces adresses ne répondent plus.</translation>
    </message>
    <message>
        <source>%1 TFT (quoted)</source>
        <translation>%1 TFT (coté)</translation>
    </message>
    <message>
        <source>Not converted yet: the quote asks for %1</source>
        <translation>Pas encore converti&#xa0;: la cotation demande %1</translation>
    </message>
    <message>
        <source>%1 USD/TFT</source>
        <translation>%1 USD/TFT</translation>
    </message>
    <message>
        <source>%1 TFC (hold released)</source>
        <translation>%1 TFC (réservation libérée)</translation>
    </message>
    <message>
        <source>The job ended before the service was active: every credit went back to the user.</source>
        <translation>La tâche s&apos;est terminée avant que le service soit actif&#xa0;: tous les crédits ont été rendus à l&apos;utilisateur.</translation>
    </message>
    <message>
        <source>farm %1</source>
        <translation>ferme %1</translation>
    </message>
    <message>
        <source>Deployment %1, attempt %2, state %3</source>
        <translation>Déploiement %1, tentative %2, état %3</translation>
    </message>
    <message>
        <source>Give up to %1 TFC back to %2</source>
        <translation>Rendre jusqu&apos;à %1 TFC à %2</translation>
    </message>
    <message>
        <source>Nothing left to refund on this job</source>
        <translation>Plus rien à rembourser sur cette tâche</translation>
    </message>
    <message>
        <source>Restart and Stop need the pipeline engine, which is not running.</source>
        <translation>Redémarrer et Arrêter nécessitent le moteur du pipeline, qui ne tourne pas.</translation>
    </message>
    <message>
        <source>The held credits went back to %1. Retry queues the purchase again.</source>
        <translation>Les crédits réservés ont été rendus à %1. Réessayer remet l&apos;achat en file d&apos;attente.</translation>
    </message>
    <message>
        <source>Waiting for a worker. Cancel it from the Queue pane to give the credits back.</source>
        <translation>En attente d&apos;un exécuteur. Annulez-la depuis le volet File d&apos;attente pour rendre les crédits.</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>Historique (%1)</translation>
    </message>
    <message>
        <source>Stop service</source>
        <translation>Arrêter le service</translation>
    </message>
    <message>
        <source>Stop the service? The contract is cancelled; this cannot be undone. No refund is made — use Refund for that.</source>
        <translation>Arrêter le service&#xa0;? Le contrat est résilié&#xa0;; c&apos;est irréversible. Aucun remboursement n&apos;est effectué — utilisez Rembourser pour cela.</translation>
    </message>
    <message>
        <source>The service was stopped. Retry buys it again for %1: the credits are held anew.</source>
        <translation>Le service a été arrêté. Réessayer l&apos;achète de nouveau pour %1 : les crédits sont à nouveau réservés.</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::DeploymentsPane</name>
    <message>
        <source>Deployments</source>
        <translation>Déploiements</translation>
    </message>
    <message>
        <source>Search deployments… (Ctrl+F)</source>
        <translation>Rechercher des déploiements… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>No deployments yet</source>
        <translation>Aucun déploiement pour le moment</translation>
    </message>
    <message>
        <source>Buy a service for a user and it appears here as it deploys.</source>
        <translation>Achetez un service pour un utilisateur&#xa0;: il apparaît ici pendant son déploiement.</translation>
    </message>
    <message>
        <source>New deployment… (Ctrl+N)</source>
        <translation>Nouveau déploiement… (Ctrl+N)</translation>
    </message>
    <message>
        <source>No deployment matches the search and filters</source>
        <translation>Aucun déploiement ne correspond à la recherche et aux filtres</translation>
    </message>
    <message>
        <source>%1 deployments are hidden by them.</source>
        <translation>Ils masquent %1 déploiements.</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Effacer la recherche et les filtres</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::EnvironmentEditor</name>
    <message>
        <source>&amp;Add variable</source>
        <translation>&amp;Ajouter une variable</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Variables d&apos;environnement</translation>
    </message>
    <message>
        <source>Remove environment variable</source>
        <translation>Supprimer la variable d&apos;environnement</translation>
    </message>
    <message>
        <source>row %1 has a value but no variable name</source>
        <translation>la ligne %1 a une valeur mais pas de nom de variable</translation>
    </message>
    <message>
        <source>environment variable %1 is set twice</source>
        <translation>la variable d&apos;environnement %1 est définie deux fois</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::EstimatePanel</name>
    <message>
        <source>Estimate</source>
        <translation>Estimation</translation>
    </message>
    <message>
        <source>Grid cost / month</source>
        <translation>Coût Grid / mois</translation>
    </message>
    <message>
        <source>Cloud units</source>
        <translation>Unités cloud</translation>
    </message>
    <message>
        <source>TFT / month</source>
        <translation>TFT / mois</translation>
    </message>
    <message>
        <source>One month, with commission</source>
        <translation>Un mois, commission comprise</translation>
    </message>
    <message>
        <source>TFC to pay</source>
        <translation>TFC à payer</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Commission</translation>
    </message>
    <message>
        <source>Grid payment</source>
        <translation>Paiement Grid</translation>
    </message>
    <message>
        <source>TFT to buy</source>
        <translation>TFT à acheter</translation>
    </message>
    <message>
        <source>Covers</source>
        <translation>Couvre</translation>
    </message>
    <message>
        <source>The TFC is held when you submit and charged only once the service is active. If the deployment fails, the hold is released in full.</source>
        <translation>Les TFC sont réservés à la soumission et prélevés seulement une fois le service actif. Si le déploiement échoue, la réservation est entièrement libérée.</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>%1 USD per month on a standard node (×1.25 on certified nodes)</source>
        <translation>%1 USD par mois sur un nœud standard (×1,25 sur les nœuds certifiés)</translation>
    </message>
    <message>
        <source>CU %1 · SU %2 · IP %3</source>
        <translation>CU %1 · SU %2 · IP %3</translation>
    </message>
    <message>
        <source>Compute, storage and IP units per hour, as TFChain&apos;s pricing policy counts them</source>
        <translation>Unités de calcul, de stockage et IP par heure, telles que les compte la politique tarifaire de TFChain</translation>
    </message>
    <message>
        <source>%1 TFT</source>
        <translation>%1 TFT</translation>
    </message>
    <message>
        <source>No TFT price yet</source>
        <translation>Pas encore de prix TFT</translation>
    </message>
    <message>
        <source>%1 TFC</source>
        <translation>%1 TFC</translation>
    </message>
    <message>
        <source>Commission (%1 %)</source>
        <translation>Commission (%1&#xa0;%)</translation>
    </message>
    <message>
        <source>%1 TFC = %2 USD</source>
        <translation>%1 TFC = %2 USD</translation>
    </message>
    <message>
        <source>TFT at %1 USD</source>
        <translation>TFT à %1 USD</translation>
    </message>
    <message>
        <source>%1, with the %2 % conversion buffer</source>
        <translation>%1, marge de conversion de %2&#xa0;% comprise</translation>
    </message>
    <message>
        <source>Waiting for a TFT price</source>
        <translation>En attente d&apos;un prix TFT</translation>
    </message>
    <message>
        <source>≈ %1 months</source>
        <translation>≈ %1 mois</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::EventsPane</name>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>Search events… (Ctrl+F)</source>
        <translation>Rechercher des événements… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Enqueued</source>
        <translation>Mise en file</translation>
    </message>
    <message>
        <source>Stage changed</source>
        <translation>Changement d&apos;étape</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Nouvelle tentative</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>Replanification</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulation</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>No events yet</source>
        <translation>Aucun événement pour le moment</translation>
    </message>
    <message>
        <source>Every step of every job is recorded here as the pipeline runs.</source>
        <translation>Chaque étape de chaque tâche est consignée ici au fil du pipeline.</translation>
    </message>
    <message>
        <source>No event matches the search and filters</source>
        <translation>Aucun événement ne correspond à la recherche et aux filtres</translation>
    </message>
    <message>
        <source>%1 events are hidden by them.</source>
        <translation>Ils masquent %1 événements.</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Effacer la recherche et les filtres</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::FilterButton</name>
    <message>
        <source>Filter by %1</source>
        <translation>Filtrer par %1</translation>
    </message>
    <message>
        <source>Show only some %1s; none checked shows all</source>
        <translation>Afficher seulement certaines valeurs (%1)&#xa0;; si rien n&apos;est coché, tout est affiché</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::MainWindow</name>
    <message>
        <source>GridDeck — demo</source>
        <translation>GridDeck — démo</translation>
    </message>
    <message>
        <source>GridDeck</source>
        <translation>GridDeck</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Vue d&apos;ensemble</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Deployments</source>
        <translation>Déploiements</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Portefeuille</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Nœuds</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>New deployment…</source>
        <translation>Nouveau déploiement…</translation>
    </message>
    <message>
        <source>Buy a service for a user: credits are held and the job is queued (Ctrl+N)</source>
        <translation>Acheter un service pour un utilisateur&#xa0;: les crédits sont réservés et la tâche est mise en file d&apos;attente (Ctrl+N)</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Rechercher…</translation>
    </message>
    <message>
        <source>Search the current list (Ctrl+F)</source>
        <translation>Rechercher dans la liste affichée (Ctrl+F)</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <source>Queue, grid, conversion, notifications and secrets (Ctrl+,)</source>
        <translation>File d&apos;attente, Grid, conversion, notifications et secrets (Ctrl+,)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>About GridDeck</source>
        <translation>À propos de GridDeck</translation>
    </message>
    <message>
        <source>GridDeck %1
Turns paid TFC credits into running services on the ThreeFold Grid.

Store: %2
Configuration: %3</source>
        <translation>GridDeck %1
Transforme des crédits TFC payés en services actifs sur la ThreeFold Grid.

Base de données&#xa0;: %2
Configuration&#xa0;: %3</translation>
    </message>
    <message>
        <source>Retry deployment</source>
        <translation>Relancer le déploiement</translation>
    </message>
    <message>
        <source>Restart service</source>
        <translation>Redémarrer le service</translation>
    </message>
    <message>
        <source>Stop service…</source>
        <translation>Arrêter le service…</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>Rembourser…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>File d&apos;a&amp;ttente</translation>
    </message>
    <message>
        <source>&amp;Deployment</source>
        <translation>Dé&amp;ploiement</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;ide</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Barre principale</translation>
    </message>
    <message>
        <source>Show GridDeck</source>
        <translation>Afficher GridDeck</translation>
    </message>
    <message>
        <source>● Deployment active</source>
        <translation>● Déploiement actif</translation>
    </message>
    <message>
        <source>● %1 deployments active</source>
        <translation>● %1 déploiements actifs</translation>
    </message>
    <message>
        <source>✕ Deployment failed</source>
        <translation>✕ Échec du déploiement</translation>
    </message>
    <message>
        <source>✕ %1 deployments failed</source>
        <translation>✕ %1 déploiements en échec</translation>
    </message>
    <message>
        <source>Resume queue</source>
        <translation>Reprendre la file d&apos;attente</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>Suspendre la file d&apos;attente</translation>
    </message>
    <message>
        <source>Workers take new jobs again (Ctrl+P)</source>
        <translation>Les exécuteurs reprennent de nouvelles tâches (Ctrl+P)</translation>
    </message>
    <message>
        <source>Workers take no new jobs; running steps finish (Ctrl+P)</source>
        <translation>Les exécuteurs ne prennent plus de nouvelles tâches&#xa0;; les étapes en cours se terminent (Ctrl+P)</translation>
    </message>
    <message>
        <source>%1 jobs, %2 retrying after errors</source>
        <translation>%1 tâches, dont %2 relancées après erreur</translation>
    </message>
    <message>
        <source>%1 jobs waiting or in progress</source>
        <translation>%1 tâches en attente ou en cours</translation>
    </message>
    <message>
        <source>%1 failed in the last 24 hours</source>
        <translation>%1 en échec ces dernières 24 heures</translation>
    </message>
    <message>
        <source>GridDeck — %1 in the queue, %2 failed today</source>
        <translation>GridDeck — %1 en file d&apos;attente, %2 en échec aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message numerus="yes">
        <source>✕ %n notifications failed</source>
        <translation>
            <numerusform>✕ %n notification en échec</numerusform>
            <numerusform>✕ %n notifications en échec</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 failing and retrying, %2 undeliverable — click to see them</source>
        <translation>%1 en échec avec nouvel essai, %2 impossibles à remettre — cliquez pour les voir</translation>
    </message>
    <message>
        <source>%1 notifications failed</source>
        <translation>%1 notifications en échec</translation>
    </message>
    <message>
        <source>Serving the HTTP API on %1</source>
        <translation>API HTTP servie sur %1</translation>
    </message>
    <message>
        <source>Restart of #%1 worked: ready and healthy again</source>
        <translation>Le redémarrage de #%1 a réussi : de nouveau prêt et sain</translation>
    </message>
    <message>
        <source>Restart of #%1 did not work: %2</source>
        <translation>Le redémarrage de #%1 a échoué : %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::NewDeploymentDialog</name>
    <message>
        <source>New deployment</source>
        <translation>Nouveau déploiement</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Soumettre</translation>
    </message>
    <message>
        <source>Hold the credits and queue the deployment</source>
        <translation>Réserver les crédits et mettre le déploiement en file d&apos;attente</translation>
    </message>
    <message>
        <source>the pipeline&apos;s latest quote</source>
        <translation>la dernière cotation du pipeline</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>Virtual machine</source>
        <translation>Machine virtuelle</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Conteneur</translation>
    </message>
    <message>
        <source>Kubernetes cluster</source>
        <translation>Cluster Kubernetes</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Stockage</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Service type</source>
        <translation>Type de service</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>Ser&amp;vice&#xa0;:</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> Go</translation>
    </message>
    <message>
        <source>&amp;CPU cores:</source>
        <translation>&amp;Cœurs CPU&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>&amp;Mémoire&#xa0;:</translation>
    </message>
    <message>
        <source>St&amp;orage:</source>
        <translation>St&amp;ockage&#xa0;:</translation>
    </message>
    <message>
        <source>Public IPv4</source>
        <translation>IPv4 publique</translation>
    </message>
    <message>
        <source>A public IPv4 address costs an IP unit per node on the grid.</source>
        <translation>Une adresse IPv4 publique coûte une unité IP par nœud sur la Grid.</translation>
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
        <translation>Réseau</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Réseau&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Environnement&#xa0;:</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorité&#xa0;:</translation>
    </message>
    <message>
        <source>25.00</source>
        <translation>25.00</translation>
    </message>
    <message>
        <source>TFC to pay</source>
        <translation>TFC à payer</translation>
    </message>
    <message>
        <source>Use estimate</source>
        <translation>Utiliser l&apos;estimation</translation>
    </message>
    <message>
        <source>Pay for one month of grid cost, commission included</source>
        <translation>Payer un mois de coût Grid, commission comprise</translation>
    </message>
    <message>
        <source>TFC to &amp;pay:</source>
        <translation>TFC à pa&amp;yer&#xa0;:</translation>
    </message>
    <message>
        <source>Choose the user who pays. Users are added with a top-up in the Wallet pane.</source>
        <translation>Choisissez l&apos;utilisateur qui paie. Les utilisateurs sont créés par une recharge dans le volet Portefeuille.</translation>
    </message>
    <message>
        <source>%1 TFC available</source>
        <translation>%1 TFC disponibles</translation>
    </message>
    <message>
        <source>%1 available, %2 held for live jobs</source>
        <translation>%1 disponibles, %2 réservés pour des tâches en cours</translation>
    </message>
    <message>
        <source>Enter the TFC to pay, e.g. 25.00.</source>
        <translation>Saisissez les TFC à payer, par ex. 25.00.</translation>
    </message>
    <message>
        <source>The amount %1</source>
        <translation>Le montant %1</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>%1 has %2 TFC available; this needs %3 TFC.</source>
        <translation>%1 dispose de %2 TFC&#xa0;; il en faut %3 TFC.</translation>
    </message>
    <message>
        <source>Still needed: %1.</source>
        <translation>Encore requis&#xa0;: %1.</translation>
    </message>
    <message>
        <source>TFT price %1 USD, from %2.</source>
        <translation>Prix du TFT&#xa0;: %1 USD, d&apos;après %2.</translation>
    </message>
    <message>
        <source>Looking for a TFT price…</source>
        <translation>Recherche d&apos;un prix TFT…</translation>
    </message>
    <message>
        <source>No TFT price yet: %1</source>
        <translation>Pas encore de prix TFT&#xa0;: %1</translation>
    </message>
    <message>
        <source>a live quote (%1)</source>
        <translation>une cotation en direct (%1)</translation>
    </message>
    <message>
        <source>No TFT price: %1</source>
        <translation>Pas de prix TFT&#xa0;: %1</translation>
    </message>
    <message>
        <source>Holding %1 TFC and queuing…</source>
        <translation>Réservation de %1 TFC et mise en file d&apos;attente…</translation>
    </message>
    <message>
        <source>Queued as job %1.</source>
        <translation>Mis en file d&apos;attente comme tâche %1.</translation>
    </message>
    <message>
        <source>Not queued: %1</source>
        <translation>Non mis en file d&apos;attente&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::NodesPane</name>
    <message>
        <source>Nodes</source>
        <translation>Nœuds</translation>
    </message>
    <message>
        <source>Search nodes… (id, farm, country, city)</source>
        <translation>Rechercher des nœuds… (id, ferme, pays, ville)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Grid nodes</source>
        <translation>Nœuds de la Grid</translation>
    </message>
    <message>
        <source>No nodes yet</source>
        <translation>Aucun nœud pour le moment</translation>
    </message>
    <message>
        <source>Loading the grid…</source>
        <translation>Chargement de la Grid…</translation>
    </message>
    <message>
        <source>No node matches the filters</source>
        <translation>Aucun nœud ne correspond aux filtres</translation>
    </message>
    <message>
        <source>Lower the free resources asked or widen the filters.</source>
        <translation>Réduisez les ressources libres demandées ou élargissez les filtres.</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
    <message>
        <source> cores</source>
        <translation> cœurs</translation>
    </message>
    <message>
        <source>any CPU</source>
        <translation>CPU indifférent</translation>
    </message>
    <message>
        <source>Minimum free CPU</source>
        <translation>CPU libre minimal</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> Go</translation>
    </message>
    <message>
        <source>any memory</source>
        <translation>mémoire indifférente</translation>
    </message>
    <message>
        <source>Minimum free memory</source>
        <translation>Mémoire libre minimale</translation>
    </message>
    <message>
        <source>any SSD</source>
        <translation>SSD indifférent</translation>
    </message>
    <message>
        <source>Minimum free SSD</source>
        <translation>SSD libre minimal</translation>
    </message>
    <message>
        <source>Any country</source>
        <translation>Tous les pays</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Standby</source>
        <translation>En veille</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Any certification</source>
        <translation>Toute certification</translation>
    </message>
    <message>
        <source>Certified</source>
        <translation>Certifié</translation>
    </message>
    <message>
        <source>DIY</source>
        <translation>DIY</translation>
    </message>
    <message>
        <source>Certification</source>
        <translation>Certification</translation>
    </message>
    <message>
        <source>Healthy only</source>
        <translation>En bonne santé uniquement</translation>
    </message>
    <message>
        <source>Free at least:</source>
        <translation>Libre au minimum&#xa0;:</translation>
    </message>
    <message>
        <source>Where would a deployment go?</source>
        <translation>Où irait un déploiement&#xa0;?</translation>
    </message>
    <message>
        <source>Public IPv4</source>
        <translation>IPv4 publique</translation>
    </message>
    <message>
        <source>Kubernetes clusters take one distinct node per member</source>
        <translation>Les clusters Kubernetes utilisent un nœud distinct par membre</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU&#xa0;:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Mémoire&#xa0;:</translation>
    </message>
    <message>
        <source>SSD:</source>
        <translation>SSD&#xa0;:</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>Nœuds&#xa0;:</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nœud</translation>
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
        <translation>Fiabilité</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>Répartition</translation>
    </message>
    <message>
        <source>Country / farm</source>
        <translation>Pays / ferme</translation>
    </message>
    <message>
        <source>The tightest resource&apos;s share left after placement, in basis points, counted three times</source>
        <translation>Part restante de la ressource la plus juste après placement, en points de base, comptée trois fois</translation>
    </message>
    <message>
        <source>Uptime since the last boot as a share of 30 days, in basis points</source>
        <translation>Disponibilité depuis le dernier démarrage, en part de 30 jours, en points de base</translation>
    </message>
    <message>
        <source>Bonus for a preferred country</source>
        <translation>Bonus pour un pays préféré</translation>
    </message>
    <message>
        <source>Penalty for our live deployments on the node and its farm</source>
        <translation>Pénalité pour nos déploiements actifs sur le nœud et sa ferme</translation>
    </message>
    <message>
        <source>Score breakdown</source>
        <translation>Détail du score</translation>
    </message>
    <message>
        <source>score = 3 × headroom + reliability + country bonus − spread penalty; ties go to the lowest node id.</source>
        <translation>score = 3 × marge + fiabilité + bonus pays − pénalité de répartition&#xa0;; à égalité, le plus petit id de nœud l&apos;emporte.</translation>
    </message>
    <message>
        <source>The grid is not reachable</source>
        <translation>La Grid n&apos;est pas joignable</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Reading nodes from %1…</source>
        <translation>Lecture des nœuds depuis %1…</translation>
    </message>
    <message>
        <source>Could not read the nodes: %1</source>
        <translation>Impossible de lire les nœuds&#xa0;: %1</translation>
    </message>
    <message>
        <source>The grid proxy lists no nodes</source>
        <translation>Le proxy Grid ne liste aucun nœud</translation>
    </message>
    <message>
        <source>%1 nodes from %2 · read %3</source>
        <translation>%1 nœuds depuis %2 · lus %3</translation>
    </message>
    <message>
        <source>Waiting for the node list…</source>
        <translation>En attente de la liste des nœuds…</translation>
    </message>
    <message>
        <source>node %1 (%2, farm %3)</source>
        <translation>nœud %1 (%2, ferme %3)</translation>
    </message>
    <message>
        <source>For %1 the selector picks &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>Pour %1, le sélecteur choisit &lt;b&gt;%2&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Every node is eligible.</source>
        <translation>Tous les nœuds sont éligibles.</translation>
    </message>
    <message>
        <source>Not eligible: %1.</source>
        <translation>Non éligibles&#xa0;: %1.</translation>
    </message>
    <message>
        <source>headroom %1 bp × 3</source>
        <translation>marge %1 pb × 3</translation>
    </message>
    <message>
        <source>%1 of ours on the node, %2 on farm %3</source>
        <translation>%1 des nôtres sur le nœud, %2 sur la ferme %3</translation>
    </message>
    <message>
        <source>%1 · farm %2</source>
        <translation>%1 · ferme %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::NotificationsPane</name>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Resend</source>
        <translation>Renvoyer</translation>
    </message>
    <message>
        <source>Resend all failed</source>
        <translation>Renvoyer les échecs</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>Send the selected failed or undeliverable notification again</source>
        <translation>Renvoyer la notification sélectionnée en échec ou impossible à remettre</translation>
    </message>
    <message>
        <source>Send every failed and undeliverable notification again</source>
        <translation>Renvoyer toutes les notifications en échec ou impossibles à remettre</translation>
    </message>
    <message>
        <source>Cannot read the outbox: %1</source>
        <translation>Impossible de lire la file d&apos;envoi : %1</translation>
    </message>
    <message>
        <source>Notification %1 will be sent again</source>
        <translation>La notification %1 sera renvoyée</translation>
    </message>
    <message numerus="yes">
        <source>%n notifications will be sent again</source>
        <translation>
            <numerusform>%n notification sera renvoyée</numerusform>
            <numerusform>%n notifications seront renvoyées</numerusform>
        </translation>
    </message>
    <message>
        <source>pending %1 · sent %2 · failed %3 · undeliverable %4</source>
        <translation>en attente %1 · envoyées %2 · en échec %3 · impossibles à remettre %4</translation>
    </message>
    <message>
        <source>No notifications yet</source>
        <translation>Aucune notification pour le moment</translation>
    </message>
    <message>
        <source>Emails, webhooks and Slack messages about deployments are listed here once queued.</source>
        <translation>Les e-mails, webhooks et messages Slack sur les déploiements apparaissent ici dès leur mise en file.</translation>
    </message>
    <message>
        <source>No notification in this state</source>
        <translation>Aucune notification dans cet état</translation>
    </message>
    <message>
        <source>Show all states</source>
        <translation>Afficher tous les états</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::OverviewPane</name>
    <message>
        <source>Overview</source>
        <translation>Vue d&apos;ensemble</translation>
    </message>
    <message>
        <source>&lt;b&gt;Overview&lt;/b&gt;</source>
        <translation>&lt;b&gt;Vue d&apos;ensemble&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Active today</source>
        <translation>Actifs aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Failed today</source>
        <translation>Échecs aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Taux de réussite</translation>
    </message>
    <message>
        <source>Median time to active</source>
        <translation>Délai médian jusqu&apos;à l&apos;activation</translation>
    </message>
    <message>
        <source>Outcomes per minute · last hour</source>
        <translation>Résultats par minute · dernière heure</translation>
    </message>
    <message>
        <source>Queue depth · last hour</source>
        <translation>Profondeur de la file d&apos;attente · dernière heure</translation>
    </message>
    <message>
        <source>TFT / USD per source</source>
        <translation>TFT / USD par source</translation>
    </message>
    <message>
        <source>Stage breakdown</source>
        <translation>Répartition par étape</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actifs</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échecs</translation>
    </message>
    <message>
        <source>Cancelled or stopped</source>
        <translation>Annulés ou arrêtés</translation>
    </message>
    <message>
        <source>now</source>
        <translation>maintenant</translation>
    </message>
    <message>
        <source>−%1 min</source>
        <translation>−%1 min</translation>
    </message>
    <message>
        <source>Could not read the store: %1</source>
        <translation>Impossible de lire la base de données&#xa0;: %1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Mis à jour à %1</translation>
    </message>
    <message>
        <source>Jobs waiting in stage queued</source>
        <translation>Tâches en attente à l&apos;étape «&#xa0;queued&#xa0;»</translation>
    </message>
    <message>
        <source>of %1 jobs</source>
        <translation>sur %1 tâches</translation>
    </message>
    <message>
        <source>Jobs converting, deploying, waiting, verifying or rolling back</source>
        <translation>Tâches en conversion, en déploiement, en attente, en vérification ou en retour arrière</translation>
    </message>
    <message>
        <source>converting → verifying</source>
        <translation>conversion → vérification</translation>
    </message>
    <message>
        <source>Jobs that became active since midnight</source>
        <translation>Tâches devenues actives depuis minuit</translation>
    </message>
    <message>
        <source>since midnight</source>
        <translation>depuis minuit</translation>
    </message>
    <message>
        <source>Jobs that failed since midnight (credits released)</source>
        <translation>Tâches en échec depuis minuit (crédits libérés)</translation>
    </message>
    <message>
        <source>credits released</source>
        <translation>crédits libérés</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <source>Active ÷ (active + failed), today</source>
        <translation>Actifs ÷ (actifs + échecs), aujourd&apos;hui</translation>
    </message>
    <message>
        <source>of %1 finished today</source>
        <translation>sur %1 terminées aujourd&apos;hui</translation>
    </message>
    <message>
        <source>No job finished today</source>
        <translation>Aucune tâche terminée aujourd&apos;hui</translation>
    </message>
    <message>
        <source>nothing finished today</source>
        <translation>rien de terminé aujourd&apos;hui</translation>
    </message>
    <message>
        <source>From purchase (enqueue) to service active, today&apos;s jobs</source>
        <translation>De l&apos;achat (mise en file) au service actif, tâches du jour</translation>
    </message>
    <message>
        <source>purchase → active</source>
        <translation>achat → actif</translation>
    </message>
    <message>
        <source>No job became active today</source>
        <translation>Aucune tâche n&apos;est devenue active aujourd&apos;hui</translation>
    </message>
    <message>
        <source>no active job today</source>
        <translation>aucune tâche active aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Outcomes per minute · last hour — none yet</source>
        <translation>Résultats par minute · dernière heure — aucun pour le moment</translation>
    </message>
    <message>
        <source>Outcomes per minute · last hour — %1 finished</source>
        <translation>Résultats par minute · dernière heure — %1 terminées</translation>
    </message>
    <message>
        <source>Queue depth · now %1 queued, %2 in progress</source>
        <translation>Profondeur de la file d&apos;attente · actuellement %1 en attente, %2 en cours</translation>
    </message>
    <message>
        <source>TFT / USD per source · last hour</source>
        <translation>TFT / USD par source · dernière heure</translation>
    </message>
    <message>
        <source>TFT / USD per source — no readings in the last hour</source>
        <translation>TFT / USD par source — aucune lecture dans la dernière heure</translation>
    </message>
    <message>
        <source>Stage breakdown — no jobs yet</source>
        <translation>Répartition par étape — aucune tâche pour le moment</translation>
    </message>
    <message>
        <source>Stage breakdown · %1 jobs</source>
        <translation>Répartition par étape · %1 tâches</translation>
    </message>
    <message>
        <source>No jobs yet — New deployment (Ctrl+N)</source>
        <translation>Aucune tâche pour le moment — Nouveau déploiement (Ctrl+N)</translation>
    </message>
    <message>
        <source>TFT / USD per source · since %1</source>
        <translation>TFT / USD par source · depuis %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::PaneTitle</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::QueuePane</name>
    <message>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Search jobs… (Ctrl+F)</source>
        <translation>Rechercher des tâches… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Change priority</source>
        <translation>Modifier la priorité</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Réessayer maintenant</translation>
    </message>
    <message>
        <source>Run the selected jobs&apos; next attempt now instead of waiting (Ctrl+R)</source>
        <translation>Lancer maintenant la prochaine tentative des tâches sélectionnées au lieu d&apos;attendre (Ctrl+R)</translation>
    </message>
    <message>
        <source>Cancel jobs…</source>
        <translation>Annuler les tâches…</translation>
    </message>
    <message>
        <source>Cancel the selected queued jobs; their credits go back to the users (Delete)</source>
        <translation>Annuler les tâches en attente sélectionnées&#xa0;; leurs crédits sont rendus aux utilisateurs (Suppr)</translation>
    </message>
    <message>
        <source>Change the priority of the selected jobs</source>
        <translation>Modifier la priorité des tâches sélectionnées</translation>
    </message>
    <message>
        <source>Queued jobs</source>
        <translation>Tâches en attente</translation>
    </message>
    <message>
        <source>Show deployment</source>
        <translation>Afficher le déploiement</translation>
    </message>
    <message>
        <source>Resume queue</source>
        <translation>Reprendre la file d&apos;attente</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>Suspendre la file d&apos;attente</translation>
    </message>
    <message>
        <source>Workers take new jobs again</source>
        <translation>Les exécuteurs reprennent de nouvelles tâches</translation>
    </message>
    <message>
        <source>Workers take no new jobs; running steps finish</source>
        <translation>Les exécuteurs ne prennent plus de nouvelles tâches&#xa0;; les étapes en cours se terminent</translation>
    </message>
    <message>
        <source>The queue is empty</source>
        <translation>La file d&apos;attente est vide</translation>
    </message>
    <message>
        <source>Every job has finished. New purchases wait here until a worker takes them.</source>
        <translation>Toutes les tâches sont terminées. Les nouveaux achats attendent ici qu&apos;un exécuteur les prenne.</translation>
    </message>
    <message>
        <source>New deployment… (Ctrl+N)</source>
        <translation>Nouveau déploiement… (Ctrl+N)</translation>
    </message>
    <message>
        <source>No queued job matches the search and filters</source>
        <translation>Aucune tâche en attente ne correspond à la recherche et aux filtres</translation>
    </message>
    <message>
        <source>%1 jobs are hidden by them.</source>
        <translation>Ils masquent %1 tâches.</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Effacer la recherche et les filtres</translation>
    </message>
    <message>
        <source>%1 selected · %2 TFC</source>
        <translation>Sélection&#xa0;: %1 · %2 TFC</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Annuler les tâches</translation>
    </message>
    <message>
        <source>Only queued jobs can be cancelled: the selected jobs are already being deployed.</source>
        <translation>Seules les tâches en attente peuvent être annulées&#xa0;: les tâches sélectionnées sont déjà en cours de déploiement.</translation>
    </message>
    <message>
        <source>Cancel queued job %1? Its credits (%2 TFC) go back to %3.</source>
        <translation>Annuler la tâche en attente %1&#xa0;? Ses crédits (%2 TFC) sont rendus à %3.</translation>
    </message>
    <message>
        <source>Cancel %1 queued jobs? Their credits (%2 TFC) go back to the users.</source>
        <translation>Annuler %1 tâches en attente&#xa0;? Leurs crédits (%2 TFC) sont rendus aux utilisateurs.</translation>
    </message>
    <message>
        <source>%1 other selected jobs are already being deployed and are left alone.</source>
        <translation>%1 autres tâches sélectionnées sont déjà en cours de déploiement et ne sont pas modifiées.</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Annuler la tâche</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::RefundDialog</name>
    <message>
        <source>Refund job %1</source>
        <translation>Rembourser la tâche %1</translation>
    </message>
    <message>
        <source>Reading job %1…</source>
        <translation>Lecture de la tâche %1…</translation>
    </message>
    <message>
        <source>Captured:</source>
        <translation>Prélevé&#xa0;:</translation>
    </message>
    <message>
        <source>Already refunded:</source>
        <translation>Déjà remboursé&#xa0;:</translation>
    </message>
    <message>
        <source>Refundable:</source>
        <translation>Remboursable&#xa0;:</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>Remboursable</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>Montant à rembourser</translation>
    </message>
    <message>
        <source>&amp;Full</source>
        <translation>&amp;Tout</translation>
    </message>
    <message>
        <source>Refund everything still refundable</source>
        <translation>Rembourser tout ce qui reste remboursable</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>Why the credits go back, e.g. &quot;service unreachable for 2 days&quot;</source>
        <translation>Pourquoi les crédits sont rendus, par ex. «&#xa0;service injoignable depuis 2 jours&#xa0;»</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>M&amp;otif&#xa0;:</translation>
    </message>
    <message>
        <source>Recorded in the ledger as who made the refund</source>
        <translation>Inscrit au registre comme auteur du remboursement</translation>
    </message>
    <message>
        <source>Ac&amp;tor:</source>
        <translation>&amp;Auteur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Refund</source>
        <translation>&amp;Rembourser</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Tâche %1</translation>
    </message>
    <message>
        <source>Job %1 · %2 · %3</source>
        <translation>Tâche %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 TFC</source>
        <translation>%1 TFC</translation>
    </message>
    <message>
        <source>nothing (hold %1)</source>
        <translation>rien (réservation %1)</translation>
    </message>
    <message>
        <source>%1 commission + %2 grid payment</source>
        <translation>%1 de commission + %2 de paiement Grid</translation>
    </message>
    <message>
        <source>Job %1 was never charged (its hold is %2): only a captured job can be refunded. A failed or cancelled job&apos;s credits were already released in full.</source>
        <translation>La tâche %1 n&apos;a jamais été prélevée (sa réservation est %2)&#xa0;: seule une tâche prélevée peut être remboursée. Les crédits d&apos;une tâche échouée ou annulée ont déjà été entièrement libérés.</translation>
    </message>
    <message>
        <source>Job %1 has been refunded in full.</source>
        <translation>La tâche %1 a été entièrement remboursée.</translation>
    </message>
    <message>
        <source>Enter the amount to refund.</source>
        <translation>Saisissez le montant à rembourser.</translation>
    </message>
    <message>
        <source>The amount %1</source>
        <translation>Le montant %1</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>%1 TFC is more than the refundable %2 TFC for job %3.</source>
        <translation>%1 TFC dépasse les %2 TFC remboursables pour la tâche %3.</translation>
    </message>
    <message>
        <source>A reason is required: it is kept in the audit trail.</source>
        <translation>Un motif est requis&#xa0;: il est conservé dans la piste d&apos;audit.</translation>
    </message>
    <message>
        <source>Say who makes the refund.</source>
        <translation>Indiquez qui effectue le remboursement.</translation>
    </message>
    <message>
        <source>&amp;Refund %1 TFC</source>
        <translation>&amp;Rembourser %1 TFC</translation>
    </message>
    <message>
        <source>Refund %1 TFC to %2 for job %3?

The credits become available to %2 at once. The refund is recorded in the ledger with your name and reason and cannot be undone.%4</source>
        <translation>Rembourser %1 TFC à %2 pour la tâche %3&#xa0;?

Les crédits sont immédiatement disponibles pour %2. Le remboursement est inscrit au registre avec votre nom et le motif, et ne peut pas être annulé.%4</translation>
    </message>
    <message>
        <source>

%1 TFC stays refundable.</source>
        <translation>

%1 TFC restent remboursables.</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Rembourser</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>Remboursement…</translation>
    </message>
    <message>
        <source>Refunded %1 TFC.</source>
        <translation>%1 TFC remboursés.</translation>
    </message>
    <message>
        <source>The ledger refused the refund: %1</source>
        <translation>Le registre a refusé le remboursement&#xa0;: %1</translation>
    </message>
    <message>
        <source>Nothing was refunded. %1</source>
        <translation>Rien n&apos;a été remboursé. %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::ServiceTypePages</name>
    <message>
        <source>Operating &amp;system:</source>
        <translation>Système d&apos;e&amp;xploitation&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>Ve&amp;rsion&#xa0;:</translation>
    </message>
    <message>
        <source>nginx:1.25 or ghcr.io/org/app:tag</source>
        <translation>nginx:1.25 ou ghcr.io/org/app:tag</translation>
    </message>
    <message>
        <source>80, 443</source>
        <translation>80, 443</translation>
    </message>
    <message>
        <source>Exposed ports, separated by commas or spaces (1–65535).</source>
        <translation>Ports exposés, séparés par des virgules ou des espaces (1–65535).</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Ports:</source>
        <translation>Por&amp;ts&#xa0;:</translation>
    </message>
    <message>
        <source> nodes</source>
        <translation> nœuds</translation>
    </message>
    <message>
        <source>Optional: a manifest applied once the cluster is up</source>
        <translation>Facultatif&#xa0;: un manifeste appliqué une fois le cluster démarré</translation>
    </message>
    <message>
        <source>&amp;Nodes:</source>
        <translation>&amp;Nœuds&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Manifest:</source>
        <translation>Mani&amp;feste&#xa0;:</translation>
    </message>
    <message>
        <source>Storage &amp;type:</source>
        <translation>&amp;Type de stockage&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Application:</source>
        <translation>&amp;Application&#xa0;:</translation>
    </message>
    <message>
        <source>ports must be numbers separated by commas; &quot;%1&quot; is not a port number</source>
        <translation>les ports doivent être des nombres séparés par des virgules&#xa0;; «&#xa0;%1&#xa0;» n&apos;est pas un numéro de port</translation>
    </message>
    <message>
        <source>https://hub.grid.tf/&lt;user&gt;/&lt;image&gt;.flist</source>
        <translation>https://hub.grid.tf/&lt;utilisateur&gt;/&lt;image&gt;.flist</translation>
    </message>
    <message>
        <source>The ThreeFold Grid runs containers from flists. Convert the Docker image on the ThreeFold Hub (hub.grid.tf, “Docker Hub Converter”) and paste the .flist URL.</source>
        <translation>La ThreeFold Grid exécute les conteneurs à partir de flists. Convertissez l’image Docker sur le ThreeFold Hub (hub.grid.tf, « Docker Hub Converter ») et collez l’URL du .flist.</translation>
    </message>
    <message>
        <source>&amp;Flist:</source>
        <translation>&amp;Flist :</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::SettingsDialog</name>
    <message>
        <source>No keychain is available: secrets are kept for this session only and will be asked again next time.</source>
        <translation>Aucun trousseau de clés n&apos;est disponible&#xa0;: les secrets sont conservés pour cette session uniquement et seront redemandés la prochaine fois.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Secrets</source>
        <translation>Secrets</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Enregistré dans %1</translation>
    </message>
    <message>
        <source>A new language takes effect the next time GridDeck starts.</source>
        <translation>Une nouvelle langue prend effet au prochain démarrage de GridDeck.</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Activé</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Langue du système</translation>
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
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>not a decimal number</source>
        <translation>n&apos;est pas un nombre décimal</translation>
    </message>
    <message>
        <source>Correct the setting marked in red to save.</source>
        <translation>Corrigez le paramètre signalé en rouge pour enregistrer.</translation>
    </message>
    <message>
        <source>Correct the %1 settings marked in red to save.</source>
        <translation>Corrigez les %1 paramètres signalés en rouge pour enregistrer.</translation>
    </message>
    <message>
        <source>Secrets never go into deployment.toml, the database or a log. Values are write-only: type a new value to replace the stored one; it is stored when you press Save.</source>
        <translation>Les secrets ne vont jamais dans deployment.toml, la base de données ou un journal. Les valeurs sont en écriture seule&#xa0;: saisissez une nouvelle valeur pour remplacer celle qui est stockée&#xa0;; elle est enregistrée quand vous cliquez sur Enregistrer.</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>vérification…</translation>
    </message>
    <message>
        <source>new value</source>
        <translation>nouvelle valeur</translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>Nouveau&#xa0;: %1</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Supprimer %1</translation>
    </message>
    <message>
        <source>Remove secret</source>
        <translation>Supprimer le secret</translation>
    </message>
    <message>
        <source>Remove the %1 from the %2? Whatever uses it stops working until you set it again.</source>
        <translation>Supprimer «&#xa0;%1&#xa0;» de «&#xa0;%2&#xa0;»&#xa0;? Ce qui l&apos;utilise cessera de fonctionner jusqu&apos;à ce que vous le redéfinissiez.</translation>
    </message>
    <message>
        <source>✕ unknown</source>
        <translation>✕ inconnu</translation>
    </message>
    <message>
        <source>● set</source>
        <translation>● défini</translation>
    </message>
    <message>
        <source>Stored in the %1</source>
        <translation>Stocké ici&#xa0;: %1</translation>
    </message>
    <message>
        <source>○ not set</source>
        <translation>○ non défini</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Storing secrets…</source>
        <translation>Enregistrement des secrets…</translation>
    </message>
    <message>
        <source>The settings were saved, but a secret was not stored: %1</source>
        <translation>Les paramètres ont été enregistrés, mais un secret n&apos;a pas été stocké&#xa0;: %1</translation>
    </message>
    <message>
        <source>Not connected: %1. %2</source>
        <translation>Non connecté : %1. %2</translation>
    </message>
    <message>
        <source>
Twin %1</source>
        <translation>
Jumeau %1</translation>
    </message>
    <message>
        <source>; balances: %1</source>
        <translation> ; soldes : %1</translation>
    </message>
    <message>
        <source>; TFT on TFChain %1, on Stellar %2</source>
        <translation> ; TFT sur TFChain %1, sur Stellar %2</translation>
    </message>
    <message>
        <source>The grid gateway does not answer: %1</source>
        <translation>La passerelle grille ne répond pas : %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::Sidebar</name>
    <message>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::StatusIndicator</name>
    <message>
        <source>working</source>
        <translation>fonctionne</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>en échec</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>dégradé</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>pas encore vérifié</translation>
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
        <translation>Exécuteurs</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Trousseau</translation>
    </message>
    <message>
        <source>Pipeline status</source>
        <translation>État du pipeline</translation>
    </message>
    <message>
        <source>%1: no price fetched yet</source>
        <translation>%1&#xa0;: aucun prix récupéré pour le moment</translation>
    </message>
    <message>
        <source>Grid: not reached yet</source>
        <translation>Grid&#xa0;: pas encore joint</translation>
    </message>
    <message>
        <source>Grid reachable%1</source>
        <translation>Grid joignable%1</translation>
    </message>
    <message>
        <source>Grid unreachable: %1</source>
        <translation>Grid injoignable&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1: %2 USD per TFT</source>
        <translation>%1&#xa0;: %2 USD par TFT</translation>
    </message>
    <message>
        <source>%1 failing: %2</source>
        <translation>%1 en échec&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 of %2 workers busy</source>
        <translation>%1 exécuteurs sur %2 occupés</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>suspendue</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en marche</translation>
    </message>
    <message>
        <source>Queue paused: no new jobs are taken; running steps finish (Ctrl+P resumes)</source>
        <translation>File d&apos;attente suspendue&#xa0;: aucune nouvelle tâche n&apos;est prise&#xa0;; les étapes en cours se terminent (Ctrl+P pour reprendre)</translation>
    </message>
    <message>
        <source>Queue running: workers take due jobs (Ctrl+P pauses)</source>
        <translation>File d&apos;attente en marche&#xa0;: les exécuteurs prennent les tâches échues (Ctrl+P pour suspendre)</translation>
    </message>
    <message>
        <source>The pipeline is not running</source>
        <translation>Le pipeline ne tourne pas</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>Contrats</translation>
    </message>
    <message>
        <source>Contracts: not reconciled yet</source>
        <translation>Contrats : pas encore rapprochés</translation>
    </message>
    <message>
        <source>check</source>
        <translation>vérifier</translation>
    </message>
    <message>
        <source>Contracts: %1</source>
        <translation>Contrats : %1</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::TimelineWidget</name>
    <message>
        <source>Deployment progress</source>
        <translation>Progression du déploiement</translation>
    </message>
    <message>
        <source>Payment Processed</source>
        <translation>Paiement traité</translation>
    </message>
    <message>
        <source>Converting TFC → TFT</source>
        <translation>Conversion TFC → TFT</translation>
    </message>
    <message>
        <source>Deploying on Grid</source>
        <translation>Déploiement sur la Grid</translation>
    </message>
    <message>
        <source>Service Active</source>
        <translation>Service actif</translation>
    </message>
    <message>
        <source>The service was stopped and its contract cancelled.</source>
        <translation>Le service a été arrêté et son contrat résilié.</translation>
    </message>
    <message>
        <source>The deployment failed; the credits were returned to the user.</source>
        <translation>Le déploiement a échoué&#xa0;; les crédits ont été rendus à l&apos;utilisateur.</translation>
    </message>
    <message>
        <source>Rolling back: %1</source>
        <translation>Retour arrière&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cancelled before deployment; the credits went back to the user.</source>
        <translation>Annulé avant le déploiement&#xa0;; les crédits ont été rendus à l&apos;utilisateur.</translation>
    </message>
    <message>
        <source>Last attempt: %1</source>
        <translation>Dernière tentative&#xa0;: %1</translation>
    </message>
    <message>
        <source>No deployment selected.</source>
        <translation>Aucun déploiement sélectionné.</translation>
    </message>
    <message>
        <source>Service active.</source>
        <translation>Service actif.</translation>
    </message>
    <message>
        <source>Failed at step %1 of 5, %2: %3</source>
        <translation>Échec à l&apos;étape %1 sur 5, %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>Cancelled at step %1 of 5, %2.</source>
        <translation>Annulé à l&apos;étape %1 sur 5, %2.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Arrêté.</translation>
    </message>
    <message>
        <source>Step %1 of 5: %2.</source>
        <translation>Étape %1 sur 5&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Queued for Deployment</source>
        <translation>En file pour le déploiement</translation>
    </message>
    <message>
        <source>Flagged: %1. The service keeps its contract; restart it again, stop it, or refund it.</source>
        <translation>Signalé : %1. Le service garde son contrat ; redémarrez-le, arrêtez-le ou remboursez-le.</translation>
    </message>
    <message>
        <source>The last restart worked: the service passed readiness and health again.</source>
        <translation>Le dernier redémarrage a réussi : le service a de nouveau passé les contrôles de disponibilité et de santé.</translation>
    </message>
    <message>
        <source>Restarted by %1: checking readiness and health again…</source>
        <translation>Redémarré par %1 : nouvelle vérification de la disponibilité et de la santé…</translation>
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
        <translation>Enregistrer le contact</translation>
    </message>
    <message>
        <source>buyer@example.com — told when a deployment is ready or fails</source>
        <translation>acheteur@example.com — prévenu quand un déploiement est prêt ou échoue</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>Adresse e-mail</translation>
    </message>
    <message>
        <source>https://… (optional)</source>
        <translation>https://… (facultatif)</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>URL du webhook</translation>
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
        <translation>Contact de %1</translation>
    </message>
    <message>
        <source>Not an email address: %1</source>
        <translation>Ce n&apos;est pas une adresse e-mail : %1</translation>
    </message>
    <message>
        <source>Not a webhook URL: %1</source>
        <translation>Ce n&apos;est pas une URL de webhook : %1</translation>
    </message>
    <message>
        <source>Saved: %1 gets no email</source>
        <translation>Enregistré : %1 ne reçoit pas d&apos;e-mail</translation>
    </message>
    <message>
        <source>Saved: %1 is told at %2</source>
        <translation>Enregistré : %1 est prévenu à %2</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::WalletPane</name>
    <message>
        <source>Wallet</source>
        <translation>Portefeuille</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>Search users…</source>
        <translation>Rechercher des utilisateurs…</translation>
    </message>
    <message>
        <source>No users yet</source>
        <translation>Aucun utilisateur pour le moment</translation>
    </message>
    <message>
        <source>Top up a new name below to create a user with credits.</source>
        <translation>Rechargez un nouveau nom ci-dessous pour créer un utilisateur avec des crédits.</translation>
    </message>
    <message>
        <source>Top up credits</source>
        <translation>Recharger des crédits</translation>
    </message>
    <message>
        <source>user name (a new name creates the user)</source>
        <translation>nom d&apos;utilisateur (un nouveau nom crée l&apos;utilisateur)</translation>
    </message>
    <message>
        <source>Top-up user</source>
        <translation>Utilisateur à recharger</translation>
    </message>
    <message>
        <source>Top-up amount</source>
        <translation>Montant de la recharge</translation>
    </message>
    <message>
        <source>e.g. purchase #1042 (optional)</source>
        <translation>par ex. achat n° 1042 (facultatif)</translation>
    </message>
    <message>
        <source>Top-up reason</source>
        <translation>Motif de la recharge</translation>
    </message>
    <message>
        <source>Top &amp;up</source>
        <translation>Rec&amp;harger</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Tout le monde</translation>
    </message>
    <message>
        <source>Every user&apos;s ledger entries</source>
        <translation>Les écritures de tous les utilisateurs</translation>
    </message>
    <message>
        <source>Only this job</source>
        <translation>Cette tâche uniquement</translation>
    </message>
    <message>
        <source>The ledger entries of the selected entry&apos;s job</source>
        <translation>Les écritures de la tâche de l&apos;écriture sélectionnée</translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation>&amp;Rembourser…</translation>
    </message>
    <message>
        <source>Refund credits of the selected entry&apos;s job (captured jobs only)</source>
        <translation>Rembourser des crédits de la tâche de l&apos;écriture sélectionnée (tâches prélevées uniquement)</translation>
    </message>
    <message>
        <source>Ledger entries</source>
        <translation>Écritures du registre</translation>
    </message>
    <message>
        <source>job %1</source>
        <translation>tâche %1</translation>
    </message>
    <message>
        <source>user %1</source>
        <translation>utilisateur %1</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>tout le monde</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>Registre</translation>
    </message>
    <message>
        <source>&amp;Refund job %1…</source>
        <translation>&amp;Rembourser la tâche %1…</translation>
    </message>
    <message>
        <source>A user name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; or &apos;@&apos;.</source>
        <translation>Un nom d&apos;utilisateur comporte 1 à 64 lettres, chiffres, «&#xa0;.&#xa0;», «&#xa0;_&#xa0;», «&#xa0;-&#xa0;» ou «&#xa0;@&#xa0;».</translation>
    </message>
    <message>
        <source>The amount %1</source>
        <translation>Le montant %1</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>Create &amp;&amp; top &amp;up</source>
        <translation>Créer et rec&amp;harger</translation>
    </message>
    <message>
        <source>top-up from the console</source>
        <translation>recharge depuis la console</translation>
    </message>
    <message>
        <source>Not topped up: %1</source>
        <translation>Non rechargé&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 TFC added to %2.</source>
        <translation>%1 TFC ajoutés à %2.</translation>
    </message>
    <message>
        <source>Refunded %1 TFC for job %2.</source>
        <translation>%1 TFC remboursés pour la tâche %2.</translation>
    </message>
</context>
<context>
    <name>griddeck::ui::WalletStatus</name>
    <message>
        <source>TFT wallet</source>
        <translation>Portefeuille TFT</translation>
    </message>
    <message>
        <source>TFT balance</source>
        <translation>Solde TFT</translation>
    </message>
    <message>
        <source>USD balance</source>
        <translation>Solde USD</translation>
    </message>
    <message>
        <source>TFT:</source>
        <translation>TFT&#xa0;:</translation>
    </message>
    <message>
        <source>USD:</source>
        <translation>USD&#xa0;:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Latest TFT quote</source>
        <translation>Dernière cotation TFT</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>USD / TFT</source>
        <translation>USD / TFT</translation>
    </message>
    <message>
        <source>From median</source>
        <translation>Écart à la médiane</translation>
    </message>
    <message>
        <source>In the rate</source>
        <translation>Dans le taux</translation>
    </message>
    <message>
        <source>Price sources of the latest quote</source>
        <translation>Sources de prix de la dernière cotation</translation>
    </message>
    <message>
        <source>Wallet unreachable: %1</source>
        <translation>Portefeuille injoignable&#xa0;: %1</translation>
    </message>
    <message>
        <source>The wallet at %1 answered something other than a balance.</source>
        <translation>Le portefeuille à l&apos;adresse %1 a répondu autre chose qu&apos;un solde.</translation>
    </message>
    <message>
        <source>%1 · read %2</source>
        <translation>%1 · lu %2</translation>
    </message>
    <message>
        <source>Could not read the quotes: %1</source>
        <translation>Impossible de lire les cotations&#xa0;: %1</translation>
    </message>
    <message>
        <source>No quote yet — a quote is taken when a queued job starts; each source&apos;s rate and the ones dropped show here.</source>
        <translation>Pas encore de cotation — une cotation est prise au démarrage d&apos;une tâche en attente&#xa0;; le taux de chaque source et les sources écartées s&apos;affichent ici.</translation>
    </message>
    <message>
        <source>No job has taken a quote yet; the latest reading of each source:</source>
        <translation>Aucune tâche n&apos;a encore pris de cotation&#xa0;; dernière lecture de chaque source&#xa0;:</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>a répondu</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 USD/TFT&lt;/b&gt; — average of %2 (median %3) · job %4 · %5</source>
        <translation>&lt;b&gt;%1 USD/TFT&lt;/b&gt; — moyenne de %2 (médiane %3) · tâche %4 · %5</translation>
    </message>
    <message>
        <source>%1
Taken %2; sources further than %3 % from the median are dropped.</source>
        <translation>%1
Prise %2&#xa0;; les sources à plus de %3&#xa0;% de la médiane sont écartées.</translation>
    </message>
    <message>
        <source>● used</source>
        <translation>● utilisée</translation>
    </message>
    <message>
        <source>✕ dropped</source>
        <translation>✕ écartée</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Every source was used.</source>
        <translation>Toutes les sources ont été utilisées.</translation>
    </message>
    <message>
        <source>Dropped — %1</source>
        <translation>Écartées — %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>GridDeck: turns paid TFC credits into running services on the ThreeFold Grid.</source>
        <translation>GridDeck&#xa0;: transforme des crédits TFC payés en services actifs sur la ThreeFold Grid.</translation>
    </message>
    <message>
        <source>Read the configuration from FILE (deployment.toml).</source>
        <translation>Lire la configuration depuis FILE (deployment.toml).</translation>
    </message>
    <message>
        <source>Use the database FILE.</source>
        <translation>Utiliser la base de données FILE.</translation>
    </message>
    <message>
        <source>Start on a fresh temporary store (unless --db is given) with demo users and purchases.</source>
        <translation>Démarrer sur une base temporaire vierge (sauf si --db est indiqué) avec des utilisateurs et des achats de démonstration.</translation>
    </message>
    <message>
        <source>Show the console in LANG (en, fr, nl).</source>
        <translation>Afficher la console en LANG (en, fr, nl).</translation>
    </message>
    <message>
        <source>GridDeck cannot start</source>
        <translation>GridDeck ne peut pas démarrer</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;: griddeck takes only options (see --help).</source>
        <translation>Argument inattendu «&#xa0;%1&#xa0;»&#xa0;: griddeck n&apos;accepte que des options (voir --help).</translation>
    </message>
    <message>
        <source>--language &quot;%1&quot; is not one of %2.</source>
        <translation>--language «&#xa0;%1&#xa0;» ne fait pas partie de %2.</translation>
    </message>
    <message>
        <source>Could not create a temporary folder for the demo: %1</source>
        <translation>Impossible de créer un dossier temporaire pour la démo&#xa0;: %1</translation>
    </message>
</context>
</TS>
