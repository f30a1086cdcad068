<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>aem::AemRequest</name>
    <message>
        <source>&quot;%1&quot; is neither a URL nor a /path</source>
        <translation>« %1 » n’est ni une URL ni un /chemin</translation>
    </message>
    <message>
        <source>only https:// URLs are supported</source>
        <translation>seules les URL https:// sont prises en charge</translation>
    </message>
    <message>
        <source>refusing to send a token over plain http to %1; use https://</source>
        <translation>refus d’envoyer un jeton en http non chiffré à %1 ; utilisez https://</translation>
    </message>
    <message>
        <source>%1 is not one of the hosts of &quot;%2&quot;; the token is only sent there after you allow the host explicitly</source>
        <translation>%1 n’est pas un des hôtes de « %2 » ; le jeton n’y est envoyé qu’après autorisation explicite de l’hôte</translation>
    </message>
    <message>
        <source>AEM refused the token (401): it expired, was revoked, or belongs to another environment than %1</source>
        <translation>AEM a refusé le jeton (401) : il a expiré, a été révoqué, ou appartient à un autre environnement que %1</translation>
    </message>
    <message>
        <source>AEM denied the request (403): the technical account user %1 lacks permission; an AEM administrator must grant it</source>
        <translation>AEM a refusé la requête (403) : l’utilisateur du compte technique %1 n’a pas les droits ; un administrateur AEM doit les lui donner</translation>
    </message>
    <message>
        <source>AEM denied the request (403): your AEM user lacks permission for it</source>
        <translation>AEM a refusé la requête (403) : votre utilisateur AEM n’a pas les droits nécessaires</translation>
    </message>
    <message>
        <source>AEM has nothing at this path (404)</source>
        <translation>AEM n’a rien à ce chemin (404)</translation>
    </message>
    <message>
        <source>AEM does not allow this method here (405)</source>
        <translation>AEM n’autorise pas cette méthode ici (405)</translation>
    </message>
    <message>
        <source>AEM is rate-limiting requests (429); try again later</source>
        <translation>AEM limite le débit des requêtes (429) ; réessayez plus tard</translation>
    </message>
    <message>
        <source>AEM failed with %1; the environment may be starting, updating or down</source>
        <translation>AEM a échoué avec %1 ; l’environnement est peut-être en démarrage, en mise à jour ou arrêté</translation>
    </message>
    <message>
        <source>AEM answered %1</source>
        <translation>AEM a répondu %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>cannot resolve %1: check the URL and the network</source>
        <translation>impossible de résoudre %1 : vérifiez l’URL et le réseau</translation>
    </message>
    <message>
        <source>%1 refused the connection</source>
        <translation>%1 a refusé la connexion</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 is not trusted (%2); behind a corporate proxy, add its CA certificate as an extra CA file</source>
        <translation>le certificat TLS de %1 n’est pas reconnu (%2) ; derrière un proxy d’entreprise, ajoutez son certificat d’autorité comme fichier d’autorité supplémentaire</translation>
    </message>
    <message>
        <source>%1 closed the connection early</source>
        <translation>%1 a fermé la connexion prématurément</translation>
    </message>
    <message>
        <source>the proxy failed: %1</source>
        <translation>le proxy a échoué : %1</translation>
    </message>
    <message>
        <source>network error talking to %1: %2</source>
        <translation>erreur réseau avec %1 : %2</translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 s</source>
        <translation>%1 n’a rien envoyé pendant %2 s</translation>
    </message>
    <message>
        <source>the answer from %1 was cut short: %2</source>
        <translation>la réponse de %1 a été interrompue : %2</translation>
    </message>
    <message>
        <source>the method &quot;%1&quot; is not a valid HTTP method</source>
        <translation>la méthode « %1 » n’est pas une méthode HTTP valide</translation>
    </message>
    <message>
        <source>the header name &quot;%1&quot; is not valid</source>
        <translation>le nom d’en-tête « %1 » n’est pas valide</translation>
    </message>
    <message>
        <source>the value of the header %1 contains a line break or a control character; not sent</source>
        <translation>la valeur de l’en-tête %1 contient un saut de ligne ou un caractère de contrôle ; non envoyé</translation>
    </message>
    <message>
        <source>the access token is not well-formed; not sent</source>
        <translation>le jeton d’accès n’est pas bien formé ; non envoyé</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no author URL: give it one with aemtoken set %2 --author URL</source>
        <translation>« %1 » n’a pas d’URL d’auteur : donnez-en une avec aemtoken set %2 --author URL</translation>
    </message>
    <message>
        <source>refusing plain http to %1: plain http is only for this machine (localhost); use https://</source>
        <translation>http en clair vers %1 refusé : le http en clair est réservé à cette machine (localhost) ; utilisez https://</translation>
    </message>
    <message>
        <source>AEM wants a sign-in (401): add the target again with a user (aemtoken add-local %1 --user USER)</source>
        <translation>AEM demande une connexion (401) : ajoutez de nouveau la cible avec un utilisateur (aemtoken add-local %1 --user USER)</translation>
    </message>
    <message>
        <source>AEM refused the sign-in of %1 (401): check the user and its password</source>
        <translation>AEM a refusé la connexion de %1 (401) : vérifiez l&apos;utilisateur et son mot de passe</translation>
    </message>
    <message>
        <source>the sign-in is not well-formed; not sent</source>
        <translation>la connexion est mal formée ; rien n&apos;a été envoyé</translation>
    </message>
    <message>
        <source>%1 is not one of the hosts of &quot;%2&quot;; its password goes only to them (give it the host with aemtoken add-local %3 --author URL or --publish URL)</source>
        <translation>%1 n’est pas un des hôtes de « %2 » ; son mot de passe ne va qu’à eux (donnez-lui l’hôte avec aemtoken add-local %3 --author URL ou --publish URL)</translation>
    </message>
    <message>
        <source>the header %1 is set by the program, not by a request; not sent</source>
        <translation>l’en-tête %1 est posé par le programme, pas par une requête ; non envoyée</translation>
    </message>
</context>
<context>
    <name>aem::AemSession</name>
    <message>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>AEM answered %1 without a Location; not followed</source>
        <translation>AEM a répondu %1 sans Location ; non suivi</translation>
    </message>
    <message>
        <source>AEM answered %1, redirecting to %2; not followed, so the token is not sent there</source>
        <translation>AEM a répondu %1, redirection vers %2 ; non suivie, le jeton n’y est donc pas envoyé</translation>
    </message>
</context>
<context>
    <name>aem::AtomicFile</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>cannot create the directory %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
</context>
<context>
    <name>aem::Autostart</name>
    <message>
        <source>cannot remove %1</source>
        <translation>impossible de supprimer %1</translation>
    </message>
    <message>
        <source>the program&apos;s path is unknown, so %1 cannot be written</source>
        <translation>le chemin du programme est inconnu, %1 ne peut donc pas être écrit</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
</context>
<context>
    <name>aem::Certificate</name>
    <message>
        <source>is not a PEM certificate</source>
        <translation>n’est pas un certificat PEM</translation>
    </message>
    <message>
        <source>cannot be read as an X.509 certificate</source>
        <translation>ne peut pas être lu comme un certificat X.509</translation>
    </message>
</context>
<context>
    <name>aem::Cli</name>
    <message>
        <source>expired</source>
        <translation>expiré</translation>
    </message>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 attend une valeur</translation>
    </message>
    <message>
        <source>unknown option %1</source>
        <translation>option inconnue %1</translation>
    </message>
    <message>
        <source>cannot read standard input</source>
        <translation>impossible de lire l’entrée standard</translation>
    </message>
    <message>
        <source>%1: larger than %2 KiB; not read</source>
        <translation>%1 : plus de %2 Kio ; non lu</translation>
    </message>
    <message>
        <source>%1; retrying (attempt %2) in %3 s</source>
        <translation>%1 ; nouvel essai (tentative %2) dans %3 s</translation>
    </message>
    <message>
        <source>cannot read the CA file %1</source>
        <translation>impossible de lire le fichier d’AC %1</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;</source>
        <translation>commande inconnue « %1 »</translation>
    </message>
    <message>
        <source>import takes one FILE (or - for stdin)</source>
        <translation>import attend un FICHIER (ou - pour l’entrée standard)</translation>
    </message>
    <message>
        <source>replaced the earlier import of &quot;%1&quot;</source>
        <translation>l’import précédent de « %1 » a été remplacé</translation>
    </message>
    <message>
        <source>list takes no arguments</source>
        <translation>list n’attend aucun argument</translation>
    </message>
    <message>
        <source>no credentials stored; add one with: aemtoken import FILE</source>
        <translation>aucun identifiant enregistré ; ajoutez-en avec : aemtoken import FICHIER</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOM</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>TYPE</translation>
    </message>
    <message>
        <source>ENVIRONMENT</source>
        <translation>ENVIRONNEMENT</translation>
    </message>
    <message>
        <source>TOKEN</source>
        <translation>JETON</translation>
    </message>
    <message>
        <source>CERTIFICATE</source>
        <translation>CERTIFICAT</translation>
    </message>
    <message>
        <source>valid %1</source>
        <translation>valide %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>EXPIRED %1</source>
        <translation>EXPIRÉ %1</translation>
    </message>
    <message>
        <source>token takes one NAME</source>
        <translation>token attend un NOM</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>type</translation>
    </message>
    <message>
        <source>OAuth Server-to-Server credentials</source>
        <translation>identifiants OAuth Server-to-Server</translation>
    </message>
    <message>
        <source>client id</source>
        <translation>identifiant client</translation>
    </message>
    <message>
        <source>technical account</source>
        <translation>compte technique</translation>
    </message>
    <message>
        <source>AEM user (email)</source>
        <translation>utilisateur AEM (e-mail)</translation>
    </message>
    <message>
        <source>org</source>
        <translation>organisation</translation>
    </message>
    <message>
        <source>IMS endpoint</source>
        <translation>point d’accès IMS</translation>
    </message>
    <message>
        <source>scopes</source>
        <translation>portées</translation>
    </message>
    <message>
        <source>client secrets</source>
        <translation>secrets client</translation>
    </message>
    <message>
        <source>%1 (tried in order)</source>
        <translation>%1 (essayés dans l’ordre)</translation>
    </message>
    <message>
        <source>service credentials</source>
        <translation>identifiants de service</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>environnement</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>metascopes</source>
        <translation>métascopes</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>certificat</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>private key</source>
        <translation>clé privée</translation>
    </message>
    <message>
        <source>RSA %1 bits, matches the certificate</source>
        <translation>RSA %1 bits, correspond au certificat</translation>
    </message>
    <message>
        <source>local development token</source>
        <translation>jeton de développement local</translation>
    </message>
    <message>
        <source>user</source>
        <translation>utilisateur</translation>
    </message>
    <message>
        <source>expires</source>
        <translation>expire</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither a file nor a stored credential</source>
        <translation>« %1 » n’est ni un fichier ni un identifiant enregistré</translation>
    </message>
    <message>
        <source>decode takes at most one TOKEN, NAME or -</source>
        <translation>decode attend au plus un JETON, un NOM ou -</translation>
    </message>
    <message>
        <source>the token %1</source>
        <translation>le jeton %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>dans %1</translation>
    </message>
    <message>
        <source>header</source>
        <translation>en-tête</translation>
    </message>
    <message>
        <source>created</source>
        <translation>créé</translation>
    </message>
    <message>
        <source>request takes NAME and URL or /PATH</source>
        <translation>request attend un NOM et une URL ou un /CHEMIN</translation>
    </message>
    <message>
        <source>no credential named &quot;%1&quot;</source>
        <translation>aucun identifiant nommé « %1 »</translation>
    </message>
    <message>
        <source>-H takes &apos;Name: value&apos;</source>
        <translation>-H attend &apos;Nom: valeur&apos;</translation>
    </message>
    <message>
        <source>the Authorization header comes from the credential; do not pass one</source>
        <translation>l’en-tête Authorization vient de l’identifiant ; n’en passez pas</translation>
    </message>
    <message>
        <source>AEM refused the cached token (401); minting a new one</source>
        <translation>AEM a refusé le jeton en cache (401) ; émission d’un nouveau</translation>
    </message>
    <message>
        <source>remove takes one NAME</source>
        <translation>remove attend un NOM</translation>
    </message>
    <message>
        <source>validate takes one NAME</source>
        <translation>validate attend un NOM</translation>
    </message>
    <message>
        <source>IMS says the token is not valid (%1)</source>
        <translation>IMS indique que le jeton n’est pas valide (%1)</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sans raison donnée</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>valide jusqu’au %1</translation>
    </message>
    <message>
        <source>revoke takes one NAME</source>
        <translation>revoke attend un NOM</translation>
    </message>
    <message>
        <source>(this revokes the token only; for the credentials themselves see the Developer Console, as `aemtoken help` explains)</source>
        <translation>(seul le jeton est révoqué ; pour les identifiants eux-mêmes, voir la Developer Console, comme l’explique `aemtoken help`)</translation>
    </message>
    <message>
        <source>sandbox takes only --port and --dir</source>
        <translation>sandbox n’accepte que --port et --dir</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535</source>
        <translation>--port attend un nombre de 0 à 65535</translation>
    </message>
    <message>
        <source>sandbox: %1</source>
        <translation>bac à sable : %1</translation>
    </message>
    <message>
        <source>AEM Token Manager sandbox (IMS + AEM author p%1-e%2) listening on %3</source>
        <translation>Bac à sable d’AEM Token Manager (IMS + AEM author p%1-e%2) à l’écoute sur %3</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>certificat d’AC</translation>
    </message>
    <message>
        <source>OAuth credentials</source>
        <translation>identifiants OAuth</translation>
    </message>
    <message>
        <source>local dev token</source>
        <translation>jeton de dév. local</translation>
    </message>
    <message>
        <source>Try:</source>
        <translation>Essayez :</translation>
    </message>
    <message>
        <source>Press Ctrl+C to stop.</source>
        <translation>Ctrl+C pour arrêter.</translation>
    </message>
    <message>
        <source>%1:</source>
        <comment>a label before its value</comment>
        <translation>%1 :</translation>
    </message>
    <message>
        <source>claims</source>
        <translation>revendications</translation>
    </message>
    <message>
        <source>%1 takes seconds, from 0.001 to 86400</source>
        <translation>%1 prend des secondes, de 0.001 à 86400</translation>
    </message>
    <message>
        <source>gave up after %1 s (--max-time)</source>
        <translation>abandon après %1 s (--max-time)</translation>
    </message>
    <message>
        <source>-H: &quot;%1&quot; is not a valid header name</source>
        <translation>-H : « %1 » n’est pas un nom d’en-tête valide</translation>
    </message>
    <message>
        <source>-H: the value of %1 contains a line break or a control character</source>
        <translation>-H : la valeur de %1 contient un saut de ligne ou un caractère de contrôle</translation>
    </message>
    <message>
        <source>-X takes an HTTP method such as GET, POST or DELETE</source>
        <translation>-X prend une méthode HTTP comme GET, POST ou DELETE</translation>
    </message>
    <message>
        <source>--delete-orphans goes with --repair</source>
        <translation>--delete-orphans va avec --repair</translation>
    </message>
    <message>
        <source>repaired: %1</source>
        <translation>réparé : %1</translation>
    </message>
    <message numerus="yes">
        <source>the store is consistent: %n credential(s)</source>
        <translation>
            <numerusform>le magasin est cohérent : %n identifiant</numerusform>
            <numerusform>le magasin est cohérent : %n identifiants</numerusform>
        </translation>
    </message>
    <message>
        <source>run `aemtoken doctor --repair` to fix what can be fixed safely</source>
        <translation>lancez `aemtoken doctor --repair` pour réparer ce qui peut l’être sans risque</translation>
    </message>
    <message>
        <source>(the keychain items were not checked: this keychain cannot list them)</source>
        <translation>(les éléments du trousseau n’ont pas été vérifiés : ce trousseau ne sait pas les lister)</translation>
    </message>
    <message>
        <source>standard output</source>
        <translation>la sortie standard</translation>
    </message>
    <message>
        <source>cannot write to %1: %2</source>
        <translation>impossible d’écrire dans %1 : %2</translation>
    </message>
    <message>
        <source>nothing could be written</source>
        <translation>rien n’a pu être écrit</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Usage : %1</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Arguments :</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Options :</translation>
    </message>
    <message>
        <source>trust this CA file too (also AEMTOKEN_CA_FILE); TLS is always verified</source>
        <translation>fait aussi confiance à ce fichier d’AC (ou AEMTOKEN_CA_FILE) ; TLS est toujours vérifié</translation>
    </message>
    <message>
        <source>network timeout: per IMS attempt, and for AEM the longest silence while waiting for or receiving an answer (default 30)</source>
        <translation>délai réseau : par tentative IMS, et pour AEM le plus long silence en attendant ou en recevant une réponse (30 par défaut)</translation>
    </message>
    <message>
        <source>the longest the command&apos;s network work may take in all</source>
        <translation>la durée maximale de tout le travail réseau de la commande</translation>
    </message>
    <message>
        <source>also show Qt&apos;s own diagnostics (also AEMTOKEN_DEBUG=1)</source>
        <translation>affiche aussi les diagnostics de Qt (ou AEMTOKEN_DEBUG=1)</translation>
    </message>
    <message>
        <source>print the version</source>
        <translation>affiche la version</translation>
    </message>
    <message>
        <source>this help; aemtoken help COMMAND or aemtoken COMMAND --help for one command</source>
        <translation>cette aide ; aemtoken help COMMANDE ou aemtoken COMMANDE --help pour une commande</translation>
    </message>
    <message>
        <source>Keeps AEM as a Cloud Service credentials in the OS keychain and prints access tokens.</source>
        <translation>Garde les identifiants d’AEM as a Cloud Service dans le trousseau du système et affiche des jetons d’accès.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Commandes :</translation>
    </message>
    <message>
        <source>a Developer Console JSON file (- for standard input) or a stored credential&apos;s name</source>
        <translation>un fichier JSON de la Developer Console (- pour l’entrée standard) ou le nom d’un identifiant enregistré</translation>
    </message>
    <message>
        <source>print what was found and the problems as JSON</source>
        <translation>affiche en JSON ce qui a été trouvé et les problèmes</translation>
    </message>
    <message>
        <source>claims, creation and expiry of a token (stdin when omitted)</source>
        <translation>revendications, création et expiration d’un jeton (entrée standard si omis)</translation>
    </message>
    <message>
        <source>a token, - for standard input, or a stored credential&apos;s name for its current token</source>
        <translation>un jeton, - pour l’entrée standard, ou le nom d’un identifiant enregistré pour son jeton actuel</translation>
    </message>
    <message>
        <source>print header, claims, creation and expiry as JSON</source>
        <translation>affiche en JSON l’en-tête, les revendications, la création et l’expiration</translation>
    </message>
    <message>
        <source>finish interrupted changes, delete orphaned tokens and put found credentials back on the list</source>
        <translation>termine les modifications interrompues, supprime les jetons orphelins et remet sur la liste les identifiants retrouvés</translation>
    </message>
    <message>
        <source>with --repair: also delete keychain items that cannot be restored</source>
        <translation>avec --repair : supprime aussi les éléments du trousseau qui ne peuvent pas être restaurés</translation>
    </message>
    <message>
        <source>print the findings and actions as JSON</source>
        <translation>affiche en JSON les constats et les actions</translation>
    </message>
    <message>
        <source>store service credentials, OAuth Server-to-Server credentials or a local development token; prints the name</source>
        <translation>enregistre des identifiants de service, des identifiants OAuth Server-to-Server ou un jeton de développement local ; affiche le nom</translation>
    </message>
    <message>
        <source>the Developer Console JSON file, or - for standard input</source>
        <translation>le fichier JSON de la Developer Console, ou - pour l’entrée standard</translation>
    </message>
    <message>
        <source>the name to store it under (default: derived from the file)</source>
        <translation>le nom sous lequel l’enregistrer (par défaut : déduit du fichier)</translation>
    </message>
    <message>
        <source>the author tier&apos;s base URL</source>
        <translation>l’URL de base de l’instance author</translation>
    </message>
    <message>
        <source>the publish tier&apos;s base URL</source>
        <translation>l’URL de base de l’instance publish</translation>
    </message>
    <message>
        <source>the preview tier&apos;s base URL</source>
        <translation>l’URL de base de l’instance preview</translation>
    </message>
    <message>
        <source>stored credentials, their environments and expiries</source>
        <translation>identifiants enregistrés, leurs environnements et expirations</translation>
    </message>
    <message>
        <source>print an array of the stored credentials as JSON</source>
        <translation>affiche en JSON un tableau des identifiants enregistrés</translation>
    </message>
    <message>
        <source>delete a credential and its keychain entries</source>
        <translation>supprime un identifiant et ses entrées du trousseau</translation>
    </message>
    <message>
        <source>the stored credential&apos;s name</source>
        <translation>le nom de l’identifiant enregistré</translation>
    </message>
    <message>
        <source>call AEM with the credential&apos;s token; /PATH uses its author URL</source>
        <translation>appelle AEM avec le jeton de l’identifiant ; /CHEMIN part de son URL author</translation>
    </message>
    <message>
        <source>a URL on one of the credential&apos;s hosts, or a path on its author URL</source>
        <translation>une URL sur l’un des hôtes de l’identifiant, ou un chemin sur son URL author</translation>
    </message>
    <message>
        <source>the HTTP method (default GET, or POST with -d)</source>
        <translation>la méthode HTTP (GET par défaut, ou POST avec -d)</translation>
    </message>
    <message>
        <source>a request header; may be repeated</source>
        <translation>un en-tête de requête ; peut être répété</translation>
    </message>
    <message>
        <source>the request body, or @FILE to send a file (@- for standard input)</source>
        <translation>le corps de la requête, ou @FICHIER pour envoyer un fichier (@- pour l’entrée standard)</translation>
    </message>
    <message>
        <source>also send the token to HOST; may be repeated</source>
        <translation>envoie aussi le jeton à HÔTE ; peut être répété</translation>
    </message>
    <message>
        <source>revoke the cached token at IMS and forget it</source>
        <translation>révoque le jeton en cache auprès d’IMS et l’oublie</translation>
    </message>
    <message>
        <source>run the local IMS + AEM emulator in the foreground</source>
        <translation>lance l’émulateur local IMS + AEM au premier plan</translation>
    </message>
    <message>
        <source>the port to listen on (default: any free one)</source>
        <translation>le port d’écoute (par défaut : un port libre)</translation>
    </message>
    <message>
        <source>a valid access token on stdout (cached while &gt;= 10 min remain)</source>
        <translation>un jeton d’accès valide sur la sortie standard (réutilisé tant qu’il reste &gt;= 10 min)</translation>
    </message>
    <message>
        <source>mint a new token even when the cached one is still good</source>
        <translation>obtient un nouveau jeton même si celui en cache est encore bon</translation>
    </message>
    <message>
        <source>print the token with its creation and expiry as JSON</source>
        <translation>affiche en JSON le jeton avec sa création et son expiration</translation>
    </message>
    <message>
        <source>ask IMS whether the credential&apos;s current token is valid</source>
        <translation>demande à IMS si le jeton actuel de l’identifiant est valide</translation>
    </message>
    <message>
        <source>print valid, reason and expires_at as JSON</source>
        <translation>affiche en JSON valid, reason et expires_at</translation>
    </message>
    <message numerus="yes">
        <source>CN=%1, %2 to %3 (%n day(s) left)</source>
        <translation>
            <numerusform>CN=%1, du %2 au %3 (encore %n jour)</numerusform>
            <numerusform>CN=%1, du %2 au %3 (encore %n jours)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CN=%1, %2 to %3 (expired %n day(s) ago)</source>
        <translation>
            <numerusform>CN=%1, du %2 au %3 (expiré depuis %n jour)</numerusform>
            <numerusform>CN=%1, du %2 au %3 (expiré depuis %n jours)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n keychain item(s) of ours, each on the list</source>
        <translation>
            <numerusform>%n élément du trousseau à nous, sur la liste</numerusform>
            <numerusform>%n éléments du trousseau à nous, chacun sur la liste</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>encore %n jour</numerusform>
            <numerusform>encore %n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>Try &apos;%1&apos;.</source>
        <translation>Essayez « %1 ».</translation>
    </message>
    <message>
        <source>%1 is an option of a command and goes after it (aemtoken %2 %1)</source>
        <translation>%1 est une option d’une commande et se place après elle (aemtoken %2 %1)</translation>
    </message>
    <message>
        <source>unknown option %1; did you mean %2?</source>
        <translation>option inconnue %1 ; vouliez-vous dire %2 ?</translation>
    </message>
    <message>
        <source>%1 takes no value</source>
        <translation>%1 ne prend pas de valeur</translation>
    </message>
    <message>
        <source>which command? %1 lists them</source>
        <translation>quelle commande ? %1 les liste</translation>
    </message>
    <message>
        <source>help takes one COMMAND</source>
        <translation>help attend une COMMANDE</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;; did you mean &quot;%2&quot;?</source>
        <translation>commande inconnue « %1 » ; vouliez-vous dire « %2 » ?</translation>
    </message>
    <message>
        <source>Options (before or after the command):</source>
        <translation>Options (avant ou après la commande) :</translation>
    </message>
    <message>
        <source>offline validation; problems on stderr, exit 1 on any error</source>
        <translation>vérification hors ligne ; problèmes sur la sortie d’erreur, code 1 à la moindre erreur</translation>
    </message>
    <message>
        <source>What was found goes to stdout, one line per problem to stderr. An error makes the credential
unusable (a missing field, a key that does not match the certificate, an expired or not yet
valid certificate or token); a warning does not (a certificate expiring within 30 days).
Exit status: 0 with warnings only, 1 on any error, 2 for a usage error.</source>
        <translation>Ce qui a été trouvé va sur la sortie standard, une ligne par problème sur la sortie d’erreur. Une
erreur rend l’identifiant inutilisable (un champ manquant, une clé qui ne correspond pas au
certificat, un certificat ou un jeton expiré ou pas encore valide) ; un avertissement non (un
certificat qui expire dans moins de 30 jours).
Code de sortie : 0 avec des avertissements seulement, 1 à la moindre erreur, 2 pour une erreur d’usage.</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>erreur : %1</translation>
    </message>
    <message>
        <source>print the response&apos;s protocol, status and headers before the body</source>
        <translation>affiche le protocole, le statut et les en-têtes de la réponse avant le corps</translation>
    </message>
    <message>
        <source>write the body to FILE instead of standard output (- for standard output)</source>
        <translation>écrit le corps dans FICHIER au lieu de la sortie standard (- pour la sortie standard)</translation>
    </message>
    <message>
        <source>Exit status: 0 for a 2xx answer; 1 for a 3xx (not followed: its Location is named), a 4xx or a 5xx
(explained on stderr, the body still written) or when no answer came; 2 for a usage error.</source>
        <translation>Code de sortie : 0 pour une réponse 2xx ; 1 pour une 3xx (non suivie : sa Location est indiquée), une 4xx
ou une 5xx (expliquée sur la sortie d’erreur, le corps tout de même écrit) ou sans réponse ; 2 pour une
erreur d’usage.</translation>
    </message>
    <message>
        <source>where to write its CA certificate and demo credentials (default: aemtoken-sandbox in $TMPDIR or /tmp)</source>
        <translation>où écrire son certificat d’AC et les identifiants de démonstration (par défaut : aemtoken-sandbox dans $TMPDIR ou /tmp)</translation>
    </message>
    <message>
        <source>which credential? Give NAME, --from FILE, or set a default with: aemtoken use NAME</source>
        <translation>quel identifiant ? Donnez NOM, --from FICHIER, ou choisissez-en un par défaut avec : aemtoken use NOM</translation>
    </message>
    <message>
        <source>%1 is readable by other users; make it readable by you only: chmod 600 %1</source>
        <translation>%1 est lisible par d’autres utilisateurs ; rendez-le lisible par vous seul : chmod 600 %1</translation>
    </message>
    <message>
        <source>%1 takes an https:// URL</source>
        <translation>%1 attend une URL https://</translation>
    </message>
    <message>
        <source>tokens are not cached between calls: %1</source>
        <translation>les jetons ne sont pas gardés en cache d’un appel à l’autre : %1</translation>
    </message>
    <message>
        <source>give NAME or --from FILE, not both</source>
        <translation>donnez NOM ou --from FICHIER, pas les deux</translation>
    </message>
    <message>
        <source>%1 goes with --from FILE (for a stored credential: aemtoken set NAME %1 URL)</source>
        <translation>%1 va avec --from FICHIER (pour un identifiant enregistré : aemtoken set NOM %1 URL)</translation>
    </message>
    <message>
        <source>use the credential in FILE (or stdin) for this call only, storing nothing; also AEMTOKEN_FROM</source>
        <translation>utiliser l’identifiant de FICHIER (ou de l’entrée standard) pour cet appel seulement, sans rien enregistrer ; aussi AEMTOKEN_FROM</translation>
    </message>
    <message>
        <source>with --from: the %1 URL when the file does not name it</source>
        <translation>avec --from : l’URL %1 quand le fichier ne la donne pas</translation>
    </message>
    <message>
        <source>%1: command not found</source>
        <translation>%1 : commande introuvable</translation>
    </message>
    <message>
        <source>cannot wait for %1: %2</source>
        <translation>impossible d’attendre %1 : %2</translation>
    </message>
    <message>
        <source>run COMMAND with AEM_TOKEN and the AEM_*_URL of the credential in its environment</source>
        <translation>lancer COMMANDE avec AEM_TOKEN et les AEM_*_URL de l’identifiant dans son environnement</translation>
    </message>
    <message>
        <source>the program to run, found on PATH (not through a shell)</source>
        <translation>le programme à lancer, cherché dans PATH (sans passer par un shell)</translation>
    </message>
    <message>
        <source>its arguments</source>
        <translation>ses arguments</translation>
    </message>
    <message>
        <source>exec takes NAME -- COMMAND [ARGS...]</source>
        <translation>exec attend NOM -- COMMANDE [ARGS...]</translation>
    </message>
    <message>
        <source>the token holds a NUL byte; it cannot go into an environment variable</source>
        <translation>le jeton contient un octet NUL ; il ne peut pas aller dans une variable d’environnement</translation>
    </message>
    <message>
        <source>the stored credential&apos;s name (left out: --from, AEMTOKEN_FROM, the default)</source>
        <translation>le nom de l’identifiant enregistré (omis : --from, AEMTOKEN_FROM, celui par défaut)</translation>
    </message>
    <message>
        <source>print it as an HTTP header: Authorization: Bearer TOKEN</source>
        <translation>l’afficher comme en-tête HTTP : Authorization: Bearer JETON</translation>
    </message>
    <message>
        <source>--header and --json cannot be used together</source>
        <translation>--header et --json ne peuvent pas être utilisés ensemble</translation>
    </message>
    <message>
        <source>the token holds CR, LF or NUL; it cannot go into a header</source>
        <translation>le jeton contient CR, LF ou NUL ; il ne peut pas aller dans un en-tête</translation>
    </message>
    <message>
        <source>set the default credential, used where NAME is left out (AEMTOKEN_CREDENTIAL overrides it)</source>
        <translation>choisir l’identifiant par défaut, utilisé quand NOM est omis (AEMTOKEN_CREDENTIAL a priorité)</translation>
    </message>
    <message>
        <source>the stored credential&apos;s name; without it, print the default</source>
        <translation>le nom de l’identifiant enregistré ; sans lui, affiche celui par défaut</translation>
    </message>
    <message>
        <source>forget the default credential</source>
        <translation>oublier l’identifiant par défaut</translation>
    </message>
    <message>
        <source>use takes at most one NAME</source>
        <translation>use prend au plus un NOM</translation>
    </message>
    <message>
        <source>give NAME or --clear, not both</source>
        <translation>donnez NOM ou --clear, pas les deux</translation>
    </message>
    <message>
        <source>no default credential; set one with: aemtoken use NAME</source>
        <translation>aucun identifiant par défaut ; choisissez-en un avec : aemtoken use NOM</translation>
    </message>
    <message>
        <source>(from AEMTOKEN_CREDENTIAL)</source>
        <translation>(de AEMTOKEN_CREDENTIAL)</translation>
    </message>
    <message>
        <source>note: AEMTOKEN_CREDENTIAL is set and wins over this default</source>
        <translation>remarque : AEMTOKEN_CREDENTIAL est défini et l’emporte sur ce choix</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 1 failure (reason on stderr), 2 usage.
Messages follow the locale (LANGUAGE, LC_ALL, LANG; LC_ALL=C gives English whatever LANGUAGE says);
tokens and --json output never change.
Environment: AEMTOKEN_CA_FILE (as --ca-file), AEMTOKEN_DEBUG=1 (as --verbose), https_proxy and
no_proxy (the proxy; http://USER:PASSWORD@HOST:PORT for one that wants a sign-in),
AEMTOKEN_FROM=FILE (as --from FILE), AEMTOKEN_CREDENTIAL (the default credential, as use NAME).

Revoking credentials (not only a token), for example after a leak: in the environment&apos;s AEM
Developer Console, Integrations &gt; Technical Accounts, add a new certificate, import the new JSON,
then revoke the old private key; or ask Adobe support.
No secret is ever accepted as an argument; files follow the XDG base directories.
</source>
        <translation>Code de sortie : 0 succès, 1 échec (raison sur la sortie d’erreur), 2 usage.
Les messages suivent la locale (LANGUAGE, LC_ALL, LANG ; avec LC_ALL=C, l’anglais quel que soit
LANGUAGE) ; les jetons et la sortie --json ne changent jamais.
Environnement : AEMTOKEN_CA_FILE (comme --ca-file), AEMTOKEN_DEBUG=1 (comme --verbose), https_proxy
et no_proxy (le proxy ; http://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT pour un proxy qui demande une
connexion), AEMTOKEN_FROM=FICHIER (comme --from FICHIER), AEMTOKEN_CREDENTIAL (l’identifiant par
défaut, comme use NOM).

Révoquer des identifiants (pas seulement un jeton), par exemple après une fuite : dans la Developer
Console AEM de l’environnement, Integrations &gt; Technical Accounts, ajoutez un nouveau certificat,
importez le nouveau JSON, puis révoquez l’ancienne clé privée ; ou demandez au support Adobe.
Aucun secret n’est jamais accepté en argument ; les fichiers suivent les répertoires de base XDG.
</translation>
    </message>
    <message>
        <source>the secrets in the keychain</source>
        <translation>les secrets dans le trousseau</translation>
    </message>
    <message>
        <source>the key and the certificate</source>
        <translation>la clé et le certificat</translation>
    </message>
    <message>
        <source>the certificate&apos;s validity</source>
        <translation>la validité du certificat</translation>
    </message>
    <message>
        <source>the client secret</source>
        <translation>le secret client</translation>
    </message>
    <message>
        <source>the token in the keychain</source>
        <translation>le jeton dans le trousseau</translation>
    </message>
    <message>
        <source>the token&apos;s expiry</source>
        <translation>l&apos;expiration du jeton</translation>
    </message>
    <message>
        <source>the IMS host&apos;s name</source>
        <translation>le nom de l&apos;hôte IMS</translation>
    </message>
    <message>
        <source>TLS to IMS</source>
        <translation>TLS vers IMS</translation>
    </message>
    <message>
        <source>the token exchange</source>
        <translation>l&apos;échange du jeton</translation>
    </message>
    <message>
        <source>the AEM author</source>
        <translation>l&apos;auteur AEM</translation>
    </message>
    <message>
        <source>the AEM user</source>
        <translation>l&apos;utilisateur AEM</translation>
    </message>
    <message>
        <source>a read in AEM</source>
        <translation>une lecture dans AEM</translation>
    </message>
    <message>
        <source>%1: not checked (%2)</source>
        <translation>%1 : non vérifié (%2)</translation>
    </message>
    <message>
        <source>do: %1</source>
        <translation>à faire : %1</translation>
    </message>
    <message>
        <source>check the store, or with NAME each step from the credential to an AEM read</source>
        <translation>vérifie le stockage, ou avec NOM chaque étape, de l&apos;identifiant à une lecture dans AEM</translation>
    </message>
    <message>
        <source>a credential: check its whole chain instead of the store</source>
        <translation>un identifiant : vérifie toute sa chaîne au lieu du stockage</translation>
    </message>
    <message>
        <source>doctor takes at most one NAME, and --repair, --delete-orphans and --json</source>
        <translation>doctor prend au plus un NOM, et --repair, --delete-orphans et --json</translation>
    </message>
    <message>
        <source>--repair checks the store: it takes no NAME</source>
        <translation>--repair vérifie le stockage : il ne prend pas de NOM</translation>
    </message>
    <message>
        <source>check the credential in FILE (or stdin), as the other commands&apos; --from reads it</source>
        <translation>vérifier l’identifiant de FICHIER (ou de l’entrée standard), comme le lit le --from des autres commandes</translation>
    </message>
    <message>
        <source>check takes one FILE or NAME (or --from FILE)</source>
        <translation>check attend un FICHIER ou un NOM (ou --from FICHIER)</translation>
    </message>
    <message>
        <source>give TOKEN, NAME or --from FILE, not several</source>
        <translation>donnez JETON, NOM ou --from FICHIER, pas plusieurs</translation>
    </message>
    <message>
        <source>check the token on stdin instead (never on the command line); at the IMS of NAME, --from or its own claims</source>
        <translation>vérifier plutôt le jeton de l’entrée standard (jamais sur la ligne de commande) ; auprès de l’IMS de NOM, de --from ou de ses propres claims</translation>
    </message>
    <message>
        <source>--token takes - (the token on stdin): a token is never an argument</source>
        <translation>--token attend - (le jeton sur l’entrée standard) : un jeton n’est jamais un argument</translation>
    </message>
    <message>
        <source>stdin does not hold an access token (a JWT)</source>
        <translation>l’entrée standard ne contient pas de jeton d’accès (un JWT)</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valide</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>avertissement : %1</translation>
    </message>
    <message>
        <source>note: &quot;%1&quot; has the environment type &quot;%2&quot;, unknown to this version; it is kept as it is (set one with: aemtoken set %3 --env-type %4)</source>
        <translation>remarque : « %1 » a le type d’environnement « %2 », inconnu de cette version ; il est conservé tel quel (choisissez-en un avec : aemtoken set %3 --env-type %4)</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYPE</translation>
    </message>
    <message>
        <source>rename a credential, say what environment it opens, or change the hosts its token may be sent to (&quot;&quot; clears one)</source>
        <translation>renommer un identifiant, dire quel environnement il ouvre, ou changer les hôtes auxquels son jeton peut être envoyé (&quot;&quot; en efface un)</translation>
    </message>
    <message>
        <source>rename it (quote a name with spaces); its default-credential status, history and token follow</source>
        <translation>le renommer (mettez entre guillemets un nom avec des espaces) ; son statut d’identifiant par défaut, son historique et son jeton suivent</translation>
    </message>
    <message>
        <source>the kind of environment, shown by list</source>
        <translation>le type d’environnement, affiché par list</translation>
    </message>
    <message>
        <source>set takes NAME and at least one of --name, --env-type, --author, --publish, --preview</source>
        <translation>set prend NOM et au moins une des options --name, --env-type, --author, --publish, --preview</translation>
    </message>
    <message>
        <source>--env-type takes one of: %1</source>
        <translation>--env-type prend l’une des valeurs : %1</translation>
    </message>
    <message>
        <source>give --target NAME or --from FILE, not both</source>
        <translation>donnez --target NOM ou --from FICHIER, pas les deux</translation>
    </message>
    <message>
        <source>store a local AEM target (the AEM SDK on this machine): no token, optionally HTTP Basic sign-in; prints the name</source>
        <translation>enregistre une cible AEM locale (le SDK AEM sur cette machine) : pas de jeton, connexion HTTP Basic facultative ; affiche le nom</translation>
    </message>
    <message>
        <source>the name to store it under</source>
        <translation>le nom sous lequel l&apos;enregistrer</translation>
    </message>
    <message>
        <source>the author&apos;s base URL (default: %1)</source>
        <translation>l&apos;URL de base de l&apos;auteur (par défaut : %1)</translation>
    </message>
    <message>
        <source>the publish tier&apos;s base URL (e.g. %1)</source>
        <translation>l&apos;URL de base de la publication (par ex. %1)</translation>
    </message>
    <message>
        <source>sign in with HTTP Basic as USER; the password is asked on the terminal</source>
        <translation>se connecter en HTTP Basic comme USER ; le mot de passe est demandé dans le terminal</translation>
    </message>
    <message>
        <source>with --user: read the password from stdin</source>
        <translation>avec --user : lire le mot de passe sur l&apos;entrée standard</translation>
    </message>
    <message>
        <source>add-local takes one NAME</source>
        <translation>add-local prend un NAME</translation>
    </message>
    <message>
        <source>--password-stdin needs --user</source>
        <translation>--password-stdin exige --user</translation>
    </message>
    <message>
        <source>Password of %1: </source>
        <translation>Mot de passe de %1 : </translation>
    </message>
    <message>
        <source>replaced the earlier local target &quot;%1&quot;</source>
        <translation>la cible locale précédente « %1 » a été remplacée</translation>
    </message>
    <message>
        <source>local AEM target (no token)</source>
        <translation>cible AEM locale (sans jeton)</translation>
    </message>
    <message>
        <source>author</source>
        <translation>auteur</translation>
    </message>
    <message>
        <source>sign-in</source>
        <translation>connexion</translation>
    </message>
    <message>
        <source>HTTP Basic as %1</source>
        <translation>HTTP Basic en tant que %1</translation>
    </message>
    <message>
        <source>for a local AEM target with sign-in: also hand the child AEM_USER and AEM_PASSWORD</source>
        <translation>pour une cible AEM locale avec connexion : transmettre aussi AEM_USER et AEM_PASSWORD au processus enfant</translation>
    </message>
    <message>
        <source>--with-password is only for a local AEM target (aemtoken add-local)</source>
        <translation>--with-password ne vaut que pour une cible AEM locale (aemtoken add-local)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no sign-in: there is no password to hand over (add it again with aemtoken add-local %2 --user USER)</source>
        <translation>« %1 » n&apos;a pas de connexion : il n&apos;y a pas de mot de passe à transmettre (ajoutez-la de nouveau avec aemtoken add-local %2 --user USER)</translation>
    </message>
    <message>
        <source>the password holds a NUL byte; it cannot go into an environment variable</source>
        <translation>le mot de passe contient un octet NUL ; il ne peut pas aller dans une variable d&apos;environnement</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>inutile</translation>
    </message>
    <message>
        <source>cannot read the secret %1 of the collection %2 from %3: %4</source>
        <translation>impossible de lire le secret %1 de la collection %2 dans %3 : %4</translation>
    </message>
    <message>
        <source>the secret %1 of the collection %2 is not in the keychain: store it with aemtoken run FILE --store-secret %1</source>
        <translation>le secret %1 de la collection %2 n’est pas dans le trousseau : enregistrez-le avec aemtoken run FICHIER --store-secret %1</translation>
    </message>
    <message>
        <source>line %1: the request carries its own Authorization header; it is sent as written (without a token) only with --allow-file-auth</source>
        <translation>ligne %1 : la requête porte son propre en-tête Authorization ; elle n’est envoyée telle quelle (sans jeton) qu’avec --allow-file-auth</translation>
    </message>
    <message>
        <source>line %1: a request with its own Authorization header goes only to a host written in the file, not to {{author}} or another variable&apos;s host</source>
        <translation>ligne %1 : une requête portant son propre en-tête Authorization ne va qu’à un hôte écrit dans le fichier, pas à {{author}} ni à l’hôte d’une autre variable</translation>
    </message>
    <message>
        <source>line %1: refusing to send an Authorization header over plain http to %2</source>
        <translation>ligne %1 : refus d’envoyer un en-tête Authorization en http simple à %2</translation>
    </message>
    <message>
        <source>AEM answered %1 (not followed)</source>
        <translation>AEM a répondu %1 (non suivi)</translation>
    </message>
    <message>
        <source>AEM answered %1</source>
        <translation>AEM a répondu %1</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>ligne %1 : %2</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <source>expected status %1, got %2</source>
        <translation>statut attendu %1, reçu %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>ÉCHEC : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n of %1 requests failed</source>
        <translation>
            <numerusform>%n requête sur %1 a échoué</numerusform>
            <numerusform>%n requêtes sur %1 ont échoué</numerusform>
        </translation>
    </message>
    <message>
        <source>run the requests of an .http collection; one line each, exit 1 if any failed</source>
        <translation>exécute les requêtes d’une collection .http ; une ligne chacune, code 1 si l’une échoue</translation>
    </message>
    <message>
        <source>the .http file (JetBrains HTTP Client / REST Client format)</source>
        <translation>le fichier .http (format JetBrains HTTP Client / REST Client)</translation>
    </message>
    <message>
        <source>the credential to run against (default: --from, AEMTOKEN_FROM, the default)</source>
        <translation>l’identifiant à utiliser (par défaut : --from, AEMTOKEN_FROM, l’identifiant par défaut)</translation>
    </message>
    <message>
        <source>run only this request; may be repeated</source>
        <translation>n’exécuter que cette requête ; peut être répété</translation>
    </message>
    <message>
        <source>print the results as a JSON array</source>
        <translation>afficher les résultats en tableau JSON</translation>
    </message>
    <message>
        <source>send requests carrying their own Authorization header as written (to the host each one names)</source>
        <translation>envoyer telles quelles les requêtes portant leur propre en-tête Authorization (à l’hôte que chacune nomme)</translation>
    </message>
    <message>
        <source>store the secret variable VAR of the file in the keychain, read from standard input</source>
        <translation>enregistrer dans le trousseau la variable secrète VAR du fichier, lue sur l’entrée standard</translation>
    </message>
    <message>
        <source>A request passes with a 2xx answer, or with a status its &quot;# @expect status N&quot; names.
Exit status: 0 when every request passed; 1 when any failed; 2 for a usage error.</source>
        <translation>Une requête réussit avec une réponse 2xx, ou avec un statut que son « # @expect status N » nomme.
Code de sortie : 0 si toutes les requêtes ont réussi ; 1 si l’une a échoué ; 2 pour une erreur d’utilisation.</translation>
    </message>
    <message>
        <source>run takes one FILE</source>
        <translation>run prend un FICHIER</translation>
    </message>
    <message>
        <source>%1: kept, not understood: %2</source>
        <translation>%1 : conservé, non compris : %2</translation>
    </message>
    <message>
        <source>%1 has no request named &quot;%2&quot; (it has: %3)</source>
        <translation>%1 n’a pas de requête nommée « %2 » (il a : %3)</translation>
    </message>
    <message>
        <source>%1 holds no request</source>
        <translation>%1 ne contient aucune requête</translation>
    </message>
    <message>
        <source>%1 is not a secret variable of this file (declare it with # @secret %1)</source>
        <translation>%1 n’est pas une variable secrète de ce fichier (déclarez-la avec # @secret %1)</translation>
    </message>
    <message>
        <source>no value for %1 on standard input</source>
        <translation>pas de valeur pour %1 sur l’entrée standard</translation>
    </message>
    <message>
        <source>cannot store the secret %1 in %2: %3</source>
        <translation>impossible d’enregistrer le secret %1 dans %2 : %3</translation>
    </message>
    <message>
        <source>stored the secret %1 of the collection %2 in the keychain</source>
        <translation>secret %1 de la collection %2 enregistré dans le trousseau</translation>
    </message>
    <message>
        <source>cannot read the password from %1: %2</source>
        <translation>impossible de lire le mot de passe depuis %1 : %2</translation>
    </message>
    <message>
        <source>the password from %1 is longer than %2 bytes</source>
        <translation>le mot de passe lu depuis %1 dépasse %2 octets</translation>
    </message>
    <message>
        <source>no terminal to read the password from; give it on standard input with --password-stdin</source>
        <translation>aucun terminal où lire le mot de passe ; donnez-le sur l&apos;entrée standard avec --password-stdin</translation>
    </message>
    <message>
        <source>sandbox: local AEM author: %1</source>
        <translation>sandbox : auteur AEM local : %1</translation>
    </message>
    <message>
        <source>sandbox: cannot write %1: %2</source>
        <translation>sandbox : impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>local AEM author (admin:admin)</source>
        <translation>auteur AEM local (admin:admin)</translation>
    </message>
    <message>
        <source>Value of %1: </source>
        <translation>Valeur de %1 : </translation>
    </message>
    <message>
        <source>To a production credential, a method other than GET, HEAD or OPTIONS is sent only with
--allow-production or when confirmed on a terminal; else nothing is sent, exit 1.</source>
        <translation>Vers un identifiant de production, une méthode autre que GET, HEAD ou OPTIONS n’est envoyée qu’avec
--allow-production ou après confirmation dans un terminal ; sinon rien n’est envoyé, sortie 1.</translation>
    </message>
    <message>
        <source>To a production credential, requests other than GET, HEAD or OPTIONS are sent only with
--allow-production or when confirmed on a terminal (one question for the whole run, before
the first is sent); else nothing is sent, exit 1.</source>
        <translation>Vers un identifiant de production, les requêtes autres que GET, HEAD ou OPTIONS ne sont envoyées qu’avec
--allow-production ou après confirmation dans un terminal (une seule question pour toute l’exécution, avant
l’envoi de la première) ; sinon rien n’est envoyé, sortie 1.</translation>
    </message>
    <message>
        <source>send methods other than GET, HEAD and OPTIONS to a production credential without asking</source>
        <translation>envoyer à un identifiant de production des méthodes autres que GET, HEAD et OPTIONS sans demander</translation>
    </message>
    <message>
        <source>&quot;%1&quot; looks like a production credential (by its name or hosts)</source>
        <translation>« %1 » semble être un identifiant de production (d’après son nom ou ses hôtes)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a production credential</source>
        <translation>« %1 » est un identifiant de production</translation>
    </message>
    <message>
        <source>%1. Send %2 %3? [y/N] </source>
        <translation>%1. Envoyer %2 %3 ? [y/N] </translation>
    </message>
    <message numerus="yes">
        <source>%1. Send %n requests with %2 to it? [y/N] </source>
        <translation>
            <numerusform>%1. Lui envoyer %n requête avec %2 ? [y/N]</numerusform>
            <numerusform>%1. Lui envoyer %n requêtes avec %2 ? [y/N]</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 not sent (not confirmed)</source>
        <translation>%1 : %2 non envoyé (non confirmé)</translation>
    </message>
    <message>
        <source>%1: nothing was sent (not confirmed)</source>
        <translation>%1 : rien n’a été envoyé (non confirmé)</translation>
    </message>
    <message>
        <source>%1: %2 not sent without --allow-production</source>
        <translation>%1 : %2 non envoyé sans --allow-production</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n requests with %2 not sent without --allow-production; nothing was sent</source>
        <translation>
            <numerusform>%1 : %n requête avec %2 non envoyée sans --allow-production ; rien n’a été envoyé</numerusform>
            <numerusform>%1 : %n requêtes avec %2 non envoyées sans --allow-production ; rien n’a été envoyé</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::ContentListing</name>
    <message>
        <source>%1 is neither an Assets HTTP API path (/api/assets/….json) nor a listing (/content/….1.json).</source>
        <translation>%1 n’est ni un chemin de l’API HTTP Assets (/api/assets/….json) ni une liste (/content/….1.json).</translation>
    </message>
    <message>
        <source>The listing is not a JSON object.</source>
        <translation>La liste n’est pas un objet JSON.</translation>
    </message>
    <message>
        <source>The answer is not an Assets HTTP API folder (no class, no entities).</source>
        <translation>La réponse n’est pas un dossier de l’API HTTP Assets (ni class ni entities).</translation>
    </message>
    <message>
        <source>The listing is %1 bytes, more than the %2 read.</source>
        <translation>La liste fait %1 octets, plus que les %2 lus.</translation>
    </message>
</context>
<context>
    <name>aem::Countdown</name>
    <message>
        <source>expired</source>
        <translation>expiré</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::CredentialDiagnosis</name>
    <message>
        <source>import a fresh copy from the Developer Console: aemtoken import FILE --name %1</source>
        <translation>importez une nouvelle copie depuis la Developer Console : aemtoken import FICHIER --name %1</translation>
    </message>
    <message>
        <source>the secrets cannot be read from the keychain: %1</source>
        <translation>les secrets ne peuvent pas être lus dans le trousseau : %1</translation>
    </message>
    <message>
        <source>unlock the keychain, or %1</source>
        <translation>déverrouillez le trousseau, ou %1</translation>
    </message>
    <message>
        <source>the secrets could not be read</source>
        <translation>les secrets n&apos;ont pas pu être lus</translation>
    </message>
    <message>
        <source>the private key and client secret are in the keychain</source>
        <translation>la clé privée et le secret client sont dans le trousseau</translation>
    </message>
    <message>
        <source>a certificate and its key belong together: %1</source>
        <translation>un certificat et sa clé vont ensemble : %1</translation>
    </message>
    <message>
        <source>no usable certificate</source>
        <translation>aucun certificat utilisable</translation>
    </message>
    <message>
        <source>the private key matches the certificate (SHA-256 %1)</source>
        <translation>la clé privée correspond au certificat (SHA-256 %1)</translation>
    </message>
    <message>
        <source>add a new certificate in the Developer Console, then import the new JSON</source>
        <translation>ajoutez un nouveau certificat dans la Developer Console, puis importez le nouveau JSON</translation>
    </message>
    <message>
        <source>the certificate expires in %1, on %2</source>
        <translation>le certificat expire dans %1, le %2</translation>
    </message>
    <message>
        <source>the certificate is valid for %1, until %2</source>
        <translation>le certificat est valide encore %1, jusqu&apos;au %2</translation>
    </message>
    <message>
        <source>the client secrets are in the keychain</source>
        <translation>les secrets client sont dans le trousseau</translation>
    </message>
    <message>
        <source>no client secret is stored</source>
        <translation>aucun secret client n&apos;est enregistré</translation>
    </message>
    <message numerus="yes">
        <source>%n client secret(s), tried in order</source>
        <translation>
            <numerusform>%n secret client, essayé dans l&apos;ordre</numerusform>
            <numerusform>%n secrets client, essayés dans l&apos;ordre</numerusform>
        </translation>
    </message>
    <message>
        <source>download a new local development token from the Developer Console and import it</source>
        <translation>téléchargez un nouveau jeton de développement local depuis la Developer Console et importez-le</translation>
    </message>
    <message>
        <source>no usable token</source>
        <translation>aucun jeton utilisable</translation>
    </message>
    <message>
        <source>the token is in the keychain</source>
        <translation>le jeton est dans le trousseau</translation>
    </message>
    <message>
        <source>the token expired at %1</source>
        <translation>le jeton a expiré le %1</translation>
    </message>
    <message>
        <source>the token expired</source>
        <translation>le jeton a expiré</translation>
    </message>
    <message>
        <source>the token&apos;s expiry is unknown</source>
        <translation>l&apos;expiration du jeton est inconnue</translation>
    </message>
    <message>
        <source>the token is valid for %1</source>
        <translation>le jeton est valide encore %1</translation>
    </message>
    <message>
        <source>the credential cannot sign in as it is</source>
        <translation>l&apos;identifiant ne peut pas se connecter en l&apos;état</translation>
    </message>
    <message>
        <source>IMS host %1 is reached through the proxy %2, which looks its name up</source>
        <translation>l&apos;hôte IMS %1 est joint par le proxy %2, qui résout son nom</translation>
    </message>
    <message>
        <source>IMS host %1 does not resolve: %2</source>
        <translation>l&apos;hôte IMS %1 ne se résout pas : %2</translation>
    </message>
    <message>
        <source>check the network and DNS, or the IMS endpoint of the credential (aemtoken check %1); behind a proxy, set https_proxy</source>
        <translation>vérifiez le réseau et le DNS, ou le point d&apos;accès IMS de l&apos;identifiant (aemtoken check %1) ; derrière un proxy, définissez https_proxy</translation>
    </message>
    <message>
        <source>IMS cannot be reached</source>
        <translation>IMS est injoignable</translation>
    </message>
    <message numerus="yes">
        <source>IMS host %1 resolves (%n address(es))</source>
        <translation>
            <numerusform>l&apos;hôte IMS %1 se résout (%n adresse)</numerusform>
            <numerusform>l&apos;hôte IMS %1 se résout (%n adresses)</numerusform>
        </translation>
    </message>
    <message>
        <source>IMS host %1 did not resolve within %2 s</source>
        <translation>l&apos;hôte IMS %1 ne s&apos;est pas résolu en %2 s</translation>
    </message>
    <message>
        <source>check the network and DNS; behind a proxy, set https_proxy</source>
        <translation>vérifiez le réseau et le DNS ; derrière un proxy, définissez https_proxy</translation>
    </message>
    <message>
        <source> through the proxy %1</source>
        <translation> par le proxy %1</translation>
    </message>
    <message>
        <source>TLS to %1 verifies%2</source>
        <translation>TLS vers %1 est vérifié%2</translation>
    </message>
    <message>
        <source>TLS to %1%2 does not verify: %3</source>
        <translation>TLS vers %1%2 ne se vérifie pas : %3</translation>
    </message>
    <message>
        <source>a proxy or firewall that inspects TLS presents its own certificate: pass its CA with --ca-file PEM (or AEMTOKEN_CA_FILE)</source>
        <translation>un proxy ou un pare-feu qui inspecte TLS présente son propre certificat : donnez son AC avec --ca-file PEM (ou AEMTOKEN_CA_FILE)</translation>
    </message>
    <message>
        <source>%1 port %2 refused the connection</source>
        <translation>%1 port %2 a refusé la connexion</translation>
    </message>
    <message>
        <source>a firewall blocks outgoing HTTPS, or the IMS endpoint is wrong; behind a proxy, set https_proxy</source>
        <translation>un pare-feu bloque HTTPS sortant, ou le point d&apos;accès IMS est faux ; derrière un proxy, définissez https_proxy</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s%3</source>
        <translation>%1 n&apos;a pas répondu en %2 s%3</translation>
    </message>
    <message>
        <source>check the network and the proxy; --timeout SECONDS waits longer</source>
        <translation>vérifiez le réseau et le proxy ; --timeout SECONDES attend plus longtemps</translation>
    </message>
    <message>
        <source>the proxy %1 failed: %2</source>
        <translation>le proxy %1 a échoué : %2</translation>
    </message>
    <message>
        <source>check the proxy address (https_proxy or the system settings)</source>
        <translation>vérifiez l&apos;adresse du proxy (https_proxy ou les réglages du système)</translation>
    </message>
    <message>
        <source>the proxy %1 wants a sign-in</source>
        <translation>le proxy %1 demande une connexion</translation>
    </message>
    <message>
        <source>cannot connect to %1%2: %3</source>
        <translation>impossible de se connecter à %1%2 : %3</translation>
    </message>
    <message>
        <source>check the network and the proxy (https_proxy)</source>
        <translation>vérifiez le réseau et le proxy (https_proxy)</translation>
    </message>
    <message>
        <source>no token</source>
        <translation>pas de jeton</translation>
    </message>
    <message>
        <source>try again later: aemtoken token %1 --fresh</source>
        <translation>réessayez plus tard : aemtoken token %1 --fresh</translation>
    </message>
    <message>
        <source>pass the CA of the proxy with --ca-file PEM</source>
        <translation>donnez l&apos;AC du proxy avec --ca-file PEM</translation>
    </message>
    <message>
        <source>the cached token is still valid for %1 (not minted again)</source>
        <translation>le jeton en cache est encore valide %1 (pas de nouvel échange)</translation>
    </message>
    <message>
        <source>IMS issued a token, valid for %1</source>
        <translation>IMS a délivré un jeton, valide %1</translation>
    </message>
    <message>
        <source>the credential has no AEM author URL</source>
        <translation>l&apos;identifiant n&apos;a pas d&apos;URL d&apos;auteur AEM</translation>
    </message>
    <message>
        <source>aemtoken set %1 --author URL</source>
        <translation>aemtoken set %1 --author URL</translation>
    </message>
    <message>
        <source>no AEM author URL</source>
        <translation>pas d&apos;URL d&apos;auteur AEM</translation>
    </message>
    <message>
        <source>no usable AEM author URL</source>
        <translation>pas d&apos;URL d&apos;auteur AEM utilisable</translation>
    </message>
    <message>
        <source>AEM author %1 does not answer: %2</source>
        <translation>l&apos;auteur AEM %1 ne répond pas : %2</translation>
    </message>
    <message>
        <source>check the author URL (aemtoken set %1 --author URL), the network and the proxy</source>
        <translation>vérifiez l&apos;URL d&apos;auteur (aemtoken set %1 --author URL), le réseau et le proxy</translation>
    </message>
    <message>
        <source>AEM does not answer</source>
        <translation>AEM ne répond pas</translation>
    </message>
    <message>
        <source>AEM author %1 answers, but: %2</source>
        <translation>l&apos;auteur AEM %1 répond, mais : %2</translation>
    </message>
    <message>
        <source>check that the credential belongs to this environment&apos;s author, then try aemtoken token %1 --fresh</source>
        <translation>vérifiez que l&apos;identifiant appartient à l&apos;auteur de cet environnement, puis essayez aemtoken token %1 --fresh</translation>
    </message>
    <message>
        <source>AEM refused the token</source>
        <translation>AEM a refusé le jeton</translation>
    </message>
    <message>
        <source>AEM author %1 answers (HTTP %2 in %3 ms)</source>
        <translation>l&apos;auteur AEM %1 répond (HTTP %2 en %3 ms)</translation>
    </message>
    <message>
        <source>AEM did not say who the token is (no authorizableId in %1)</source>
        <translation>AEM n&apos;a pas dit à qui est le jeton (pas d&apos;authorizableId dans %1)</translation>
    </message>
    <message>
        <source>AEM treats the token as anonymous</source>
        <translation>AEM traite le jeton comme anonyme</translation>
    </message>
    <message>
        <source>the author URL may point at something else than AEM: aemtoken set %1 --author URL</source>
        <translation>l&apos;URL d&apos;auteur désigne peut-être autre chose qu&apos;AEM : aemtoken set %1 --author URL</translation>
    </message>
    <message>
        <source>AEM does not know the user</source>
        <translation>AEM ne connaît pas l&apos;utilisateur</translation>
    </message>
    <message>
        <source>AEM says you are %1</source>
        <translation>AEM dit que vous êtes %1</translation>
    </message>
    <message>
        <source>an AEM administrator grants %1 read access to %2 (a group in the User Administration)</source>
        <translation>un administrateur AEM donne à %1 l&apos;accès en lecture à %2 (un groupe dans l&apos;administration des utilisateurs)</translation>
    </message>
    <message>
        <source>reading %1 failed: %2</source>
        <translation>la lecture de %1 a échoué : %2</translation>
    </message>
    <message>
        <source>%1 may read %2</source>
        <translation>%1 peut lire %2</translation>
    </message>
    <message>
        <source>%1 cannot see %2 (404: missing, or not readable by this user)</source>
        <translation>%1 ne voit pas %2 (404 : absent, ou illisible pour cet utilisateur)</translation>
    </message>
    <message>
        <source>%1 may not read %2 (403)</source>
        <translation>%1 ne peut pas lire %2 (403)</translation>
    </message>
    <message>
        <source>reading %1: %2</source>
        <translation>lecture de %1 : %2</translation>
    </message>
    <message>
        <source>a local AEM target at %1: no IMS, no token</source>
        <translation>une cible AEM locale à %1 : ni IMS, ni jeton</translation>
    </message>
    <message>
        <source>a local AEM target; try: aemtoken request %1 %2</source>
        <translation>une cible AEM locale ; essayez : aemtoken request %1 %2</translation>
    </message>
</context>
<context>
    <name>aem::CredentialFile</name>
    <message>
        <source>a directory</source>
        <translation>un dossier</translation>
    </message>
    <message>
        <source>a pipe (FIFO)</source>
        <translation>un tube (FIFO)</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>un périphérique</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>une socket</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>%1, not a credential file; not read</source>
        <translation>%1, pas un fichier d’identifiants ; non lu</translation>
    </message>
    <message>
        <source>larger than %1 KiB; credential files are a few kilobytes</source>
        <translation>plus de %1 Kio ; un fichier d’identifiants fait quelques kilo-octets</translation>
    </message>
    <message>
        <source>%1 is gone or cannot be read: %2</source>
        <translation>%1 a disparu ou ne peut pas être lu : %2</translation>
    </message>
    <message>
        <source>%1 is a link; it was kept, and so was the file it points to</source>
        <translation>%1 est un lien ; il a été conservé, ainsi que le fichier vers lequel il pointe</translation>
    </message>
    <message>
        <source>%1 changed since it was read, so it was kept</source>
        <translation>%1 a changé depuis sa lecture ; il a donc été conservé</translation>
    </message>
    <message>
        <source>%1 could not be deleted: %2</source>
        <translation>%1 n’a pas pu être supprimé : %2</translation>
    </message>
</context>
<context>
    <name>aem::CredentialListModel</name>
    <message>
        <source>no token</source>
        <translation>aucun jeton</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expiré</translation>
    </message>
    <message>
        <source>expiring, %1 left</source>
        <translation>expire bientôt, encore %1</translation>
    </message>
    <message>
        <source>valid for %1</source>
        <translation>valide encore %1</translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation>expire dans %1</translation>
    </message>
    <message>
        <source>fine, %1 left</source>
        <translation>bon, encore %1</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>OAuth S2S</source>
        <translation>OAuth S2S</translation>
    </message>
    <message>
        <source>Local dev</source>
        <translation>Dév. local</translation>
    </message>
    <message>
        <source>Service credentials (JWT, technical account)</source>
        <translation>Identifiants de service (JWT, compte technique)</translation>
    </message>
    <message>
        <source>OAuth Server-to-Server credentials</source>
        <translation>Identifiants OAuth Server-to-Server</translation>
    </message>
    <message>
        <source>Local development token</source>
        <translation>Jeton de développement local</translation>
    </message>
    <message>
        <source>Expires %1</source>
        <translation>Expire le %1</translation>
    </message>
    <message>
        <source>Certificate valid until %1</source>
        <translation>Certificat valide jusqu’au %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>PROD</source>
        <translation>PROD</translation>
    </message>
    <message>
        <source>STAGE</source>
        <translation>STAGE</translation>
    </message>
    <message>
        <source>DEV</source>
        <translation>DEV</translation>
    </message>
    <message>
        <source>Production environment: the request tester asks before sending anything that may change it</source>
        <translation>Environnement de production : le testeur de requêtes demande confirmation avant d’envoyer ce qui pourrait le modifier</translation>
    </message>
    <message>
        <source>Stage environment</source>
        <translation>Environnement de préproduction (stage)</translation>
    </message>
    <message>
        <source>Development environment</source>
        <translation>Environnement de développement</translation>
    </message>
    <message>
        <source>Environment type &quot;%1&quot;, not known to this version</source>
        <translation>Type d’environnement « %1 », inconnu de cette version</translation>
    </message>
    <message>
        <source>no environment type</source>
        <translation>aucun type d’environnement</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>inutile</translation>
    </message>
    <message>
        <source>Local AEM</source>
        <translation>AEM local</translation>
    </message>
    <message>
        <source>Local AEM target (the AEM SDK on this machine): no token</source>
        <translation>Cible AEM locale (le SDK AEM sur cette machine) : pas de jeton</translation>
    </message>
    <message>
        <source>Suggested from the name or hosts: %1, not chosen — choose it under Environment type. Until then the request tester asks before sending anything that may change it.</source>
        <translation>Suggéré par le nom ou les hôtes : %1, non choisi — choisissez-le dans Type d’environnement. D’ici là, le testeur de requêtes demande confirmation avant d’envoyer ce qui pourrait le modifier.</translation>
    </message>
    <message>
        <source>Suggested from the name or hosts: %1, not chosen — choose it under Environment type.</source>
        <translation>Suggéré par le nom ou les hôtes : %1, non choisi — choisissez-le dans Type d’environnement.</translation>
    </message>
    <message>
        <source>Environment type not set: choose it under Environment type</source>
        <translation>Type d’environnement non défini : choisissez-le dans Type d’environnement</translation>
    </message>
    <message>
        <source>suggested: %1</source>
        <translation>suggéré : %1</translation>
    </message>
</context>
<context>
    <name>aem::CredentialName</name>
    <message>
        <source>the name is empty</source>
        <translation>le nom est vide</translation>
    </message>
    <message>
        <source>the name is longer than %1 characters</source>
        <translation>le nom dépasse %1 caractères</translation>
    </message>
    <message>
        <source>the name holds a control or invisible character (U+%1)</source>
        <translation>le nom contient un caractère de contrôle ou invisible (U+%1)</translation>
    </message>
    <message>
        <source>the name starts or ends with a space</source>
        <translation>le nom commence ou finit par une espace</translation>
    </message>
    <message>
        <source>the name starts with &apos;-&apos; (it would read as an option)</source>
        <translation>le nom commence par « - » (il se lirait comme une option)</translation>
    </message>
</context>
<context>
    <name>aem::CredentialRecord</name>
    <message>
        <source>it has no id</source>
        <translation>il n’a pas d’identifiant</translation>
    </message>
    <message>
        <source>its name &quot;%1&quot; is not one this program accepts</source>
        <translation>son nom « %1 » n’est pas accepté par ce programme</translation>
    </message>
    <message>
        <source>its kind &quot;%1&quot; is unknown to this program</source>
        <translation>son type « %1 » est inconnu de ce programme</translation>
    </message>
</context>
<context>
    <name>aem::CredentialStore</name>
    <message>
        <source>no keychain is available: %1 could not be reached (%2). %3 Nothing is ever stored in plain text.</source>
        <translation>aucun trousseau n’est disponible : %1 est injoignable (%2). %3 Rien n’est jamais enregistré en clair.</translation>
    </message>
    <message>
        <source>%1 failed: %2. %3</source>
        <translation>%1 a échoué : %2. %3</translation>
    </message>
    <message>
        <source>a different credential is already stored as &quot;%1&quot;; choose another name</source>
        <translation>d’autres identifiants sont déjà enregistrés sous « %1 » ; choisissez un autre nom</translation>
    </message>
    <message>
        <source>cannot derive a name from the credential; give one with a name option</source>
        <translation>impossible de déduire un nom des identifiants ; indiquez-en un</translation>
    </message>
    <message>
        <source>Nothing was stored.</source>
        <translation>Rien n’a été enregistré.</translation>
    </message>
    <message>
        <source>no credential named &quot;%1&quot;</source>
        <translation>aucun identifiant nommé « %1 »</translation>
    </message>
    <message>
        <source>Nothing was removed.</source>
        <translation>Rien n’a été supprimé.</translation>
    </message>
    <message>
        <source>Cannot read the secrets of &quot;%1&quot;.</source>
        <translation>Impossible de lire les secrets de « %1 ».</translation>
    </message>
    <message>
        <source>a credential named &quot;%1&quot; already exists</source>
        <translation>des identifiants nommés « %1 » existent déjà</translation>
    </message>
    <message>
        <source>the removal of &quot;%1&quot;</source>
        <translation>la suppression de « %1 »</translation>
    </message>
    <message>
        <source>the switch of &quot;%1&quot; to its new certificate</source>
        <translation>le passage de « %1 » à son nouveau certificat</translation>
    </message>
    <message>
        <source>the import of &quot;%1&quot;</source>
        <translation>l’import de « %1 »</translation>
    </message>
    <message>
        <source>unfinished changes are left as they are until the credential list can be read</source>
        <translation>les modifications inachevées restent en l’état tant que la liste des identifiants ne peut pas être lue</translation>
    </message>
    <message>
        <source>finished what was interrupted: %1</source>
        <translation>achevé ce qui avait été interrompu : %1</translation>
    </message>
    <message>
        <source>rolled back what was interrupted: %1</source>
        <translation>annulé ce qui avait été interrompu : %1</translation>
    </message>
    <message>
        <source>not finished yet: %1 (%2)</source>
        <translation>pas encore achevé : %1 (%2)</translation>
    </message>
    <message>
        <source>another change to the credential list is in progress; try again when it has finished</source>
        <translation>une autre modification de la liste des identifiants est en cours ; réessayez quand elle sera terminée</translation>
    </message>
    <message>
        <source>%1 is locked: unlock it (log in to the desktop session, or run: gnome-keyring-daemon --unlock, or open Passwords and Keys) and try again. %2</source>
        <translation>%1 est verrouillé : déverrouillez-le (ouvrez une session de bureau, ou lancez : gnome-keyring-daemon --unlock, ou ouvrez Mots de passe et clés) puis réessayez. %2</translation>
    </message>
    <message>
        <source>access to %1 was denied (%2). %3</source>
        <translation>l’accès à %1 a été refusé (%2). %3</translation>
    </message>
    <message>
        <source>the item is missing from %1. %2</source>
        <translation>l’élément manque dans %1. %2</translation>
    </message>
    <message>
        <source>the name &quot;%1&quot; belongs to a record this program cannot read; choose another name</source>
        <translation>le nom « %1 » appartient à un enregistrement que ce programme ne sait pas lire ; choisissez un autre nom</translation>
    </message>
    <message>
        <source>the secrets of the earlier import of &quot;%1&quot; are still in the keychain (%2); they are deleted the next time the credential list changes, or by: aemtoken doctor --repair</source>
        <translation>les secrets de l’import précédent de « %1 » sont encore dans le trousseau (%2) ; ils seront supprimés à la prochaine modification de la liste, ou par : aemtoken doctor --repair</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Rien n’a été modifié.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is no longer listed, but its secrets are still in the keychain (%2); they are deleted the next time the credential list changes, or by: aemtoken doctor --repair</source>
        <translation>« %1 » n’est plus dans la liste, mais ses secrets sont encore dans le trousseau (%2) ; ils seront supprimés à la prochaine modification de la liste, ou par : aemtoken doctor --repair</translation>
    </message>
    <message>
        <source>Cannot read the cached token.</source>
        <translation>Impossible de lire le jeton en cache.</translation>
    </message>
    <message>
        <source>Cannot keep the token in the keychain.</source>
        <translation>Impossible de garder le jeton dans le trousseau.</translation>
    </message>
    <message>
        <source>name &quot;%1&quot; is not allowed: %2</source>
        <translation>le nom « %1 » n’est pas permis : %2</translation>
    </message>
    <message>
        <source>the secrets of &quot;%1&quot; are missing from %2: import its file again (aemtoken import FILE --name %3)</source>
        <translation>les secrets de « %1 » manquent dans %2 : importez de nouveau son fichier (aemtoken import FICHIER --name %3)</translation>
    </message>
    <message>
        <source>the keychain entry of &quot;%1&quot; is damaged; import its file again (aemtoken import FILE --name %2)</source>
        <translation>l’entrée du trousseau de « %1 » est endommagée ; importez de nouveau son fichier (aemtoken import FICHIER --name %2)</translation>
    </message>
    <message>
        <source>cannot remove %1: %2</source>
        <translation>impossible de supprimer %1 : %2</translation>
    </message>
    <message>
        <source>The cached token of &quot;%1&quot; was not removed.</source>
        <translation>Le jeton en cache de « %1 » n’a pas été retiré.</translation>
    </message>
</context>
<context>
    <name>aem::Credentials</name>
    <message>
        <source>is missing</source>
        <translation>est absent</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>doit être une chaîne</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>est vide</translation>
    </message>
    <message>
        <source>must be a string or an array of strings</source>
        <translation>doit être une chaîne ou un tableau de chaînes</translation>
    </message>
    <message>
        <source>must be a host name such as ims-na1.adobelogin.com</source>
        <translation>doit être un nom d’hôte comme ims-na1.adobelogin.com</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>doit être un objet</translation>
    </message>
    <message>
        <source>is missing: the AEM user to grant permissions to is unknown</source>
        <translation>est absent : l’utilisateur AEM à qui donner les droits est inconnu</translation>
    </message>
    <message>
        <source>is not an RSA key (IMS needs RS256)</source>
        <translation>n’est pas une clé RSA (IMS exige RS256)</translation>
    </message>
    <message>
        <source>is a %1-bit RSA key; the Developer Console issues 2048-bit keys</source>
        <translation>est une clé RSA de %1 bits ; la Developer Console délivre des clés de 2048 bits</translation>
    </message>
    <message>
        <source>does not match the certificate in publicKey</source>
        <translation>ne correspond pas au certificat de publicKey</translation>
    </message>
    <message>
        <source>certificate expired on %1; IMS will refuse it: add a new certificate in the Developer Console</source>
        <translation>le certificat a expiré le %1 ; IMS le refusera : ajoutez un nouveau certificat dans la Developer Console</translation>
    </message>
    <message>
        <source>certificate is not valid before %1</source>
        <translation>le certificat n’est pas valide avant le %1</translation>
    </message>
    <message>
        <source>certificate expires in %1, on %2</source>
        <translation>le certificat expire dans %1, le %2</translation>
    </message>
    <message>
        <source>certificate is issued to &quot;%1&quot;, not to the client id</source>
        <translation>le certificat est délivré à « %1 », pas à l’identifiant client</translation>
    </message>
    <message>
        <source>is not an ISO 8601 date; ignored</source>
        <translation>n’est pas une date ISO 8601 ; ignoré</translation>
    </message>
    <message>
        <source>does not agree with the certificate (which expires %1)</source>
        <translation>ne concorde pas avec le certificat (qui expire le %1)</translation>
    </message>
    <message>
        <source>has no expiry (neither created_at + expires_in nor exp)</source>
        <translation>n’a pas d’expiration (ni created_at + expires_in ni exp)</translation>
    </message>
    <message>
        <source>expired at %1: download a new one from the Developer Console</source>
        <translation>a expiré le %1 : téléchargez-en un nouveau depuis la Developer Console</translation>
    </message>
    <message>
        <source>must hold non-empty strings</source>
        <translation>doit contenir des chaînes non vides</translation>
    </message>
    <message>
        <source>must be an array of strings</source>
        <translation>doit être un tableau de chaînes</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>avertissement : </translation>
    </message>
    <message>
        <source>the file is larger than 1 MiB; credential files are a few kilobytes</source>
        <translation>le fichier dépasse 1 Mio ; un fichier d’identifiants fait quelques kilo-octets</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>le fichier est vide</translation>
    </message>
    <message>
        <source>the JSON is nested too deeply</source>
        <translation>le JSON est trop profondément imbriqué</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at offset %2)</source>
        <translation>JSON invalide (%1 à la position %2)</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>pas un objet JSON</translation>
    </message>
    <message>
        <source>the Developer Console answered with an error (status %1%2), not credentials</source>
        <translation>la Developer Console a répondu par une erreur (statut %1%2), pas par des identifiants</translation>
    </message>
    <message>
        <source>neither service credentials (no &quot;integration&quot;), OAuth Server-to-Server credentials (no &quot;client_secrets&quot;) nor a local development token (no &quot;accessToken&quot;)</source>
        <translation>ni des identifiants de service (pas de « integration »), ni des identifiants OAuth Server-to-Server (pas de « client_secrets »), ni un jeton de développement local (pas de « accessToken »)</translation>
    </message>
    <message>
        <source>is not a well-formed token (not a JWT)</source>
        <translation>n’est pas un jeton bien formé (pas un JWT)</translation>
    </message>
    <message>
        <source>claims to be valid until %1, more than 7 days ahead (local development tokens live 24 h)</source>
        <translation>se dit valable jusqu’au %1, plus de 7 jours à l’avance (les jetons de développement local vivent 24 h)</translation>
    </message>
    <message>
        <source>The private key is weak (%1 bits); the Developer Console issues 2048-bit keys</source>
        <translation>La clé privée est faible (%1 bits) ; la Developer Console émet des clés de 2048 bits</translation>
    </message>
    <message>
        <source>%1: add a new certificate in the Developer Console</source>
        <translation>%1 : ajoutez un nouveau certificat dans la Developer Console</translation>
    </message>
    <message>
        <source>The certificate is not valid before %1</source>
        <translation>Le certificat n’est pas valide avant le %1</translation>
    </message>
    <message>
        <source>The certificate was issued to &quot;%1&quot;, not to this client</source>
        <translation>Le certificat a été émis pour « %1 », pas pour ce client</translation>
    </message>
    <message>
        <source>The token %1 (%2) — download a new one from the Developer Console</source>
        <translation>Le jeton %1 (%2) — téléchargez-en un nouveau depuis la Developer Console</translation>
    </message>
    <message>
        <source>The token claims to be valid until %1, far longer than local development tokens live</source>
        <translation>Le jeton se dit valide jusqu’au %1, bien plus longtemps que ne vivent les jetons de développement local</translation>
    </message>
</context>
<context>
    <name>aem::DesktopMain</name>
    <message>
        <source>Access tokens for AEM as a Cloud Service, secrets in the system keychain.</source>
        <translation>Jetons d’accès pour AEM as a Cloud Service, secrets dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Start the IMS/AEM emulator (aemtoken sandbox) with a separate store and demo credentials.</source>
        <translation>Démarrer l’émulateur IMS/AEM (aemtoken sandbox) avec un stockage séparé et des identifiants de démonstration.</translation>
    </message>
    <message>
        <source>Say on standard error how the program starts (single instance).</source>
        <translation>Indiquer sur la sortie d&apos;erreur comment le programme démarre (instance unique).</translation>
    </message>
    <message>
        <source>Start with the window hidden in the tray (start at login).</source>
        <translation>Démarrer avec la fenêtre cachée dans la zone de notification (démarrage à la connexion).</translation>
    </message>
    <message>
        <source>Credential files to import (JSON).</source>
        <translation>Fichiers d&apos;identifiants à importer (JSON).</translation>
    </message>
    <message>
        <source>owns %1 on the session bus: later launches raise this window</source>
        <translation>possède %1 sur le bus de session : les lancements suivants affichent cette fenêtre</translation>
    </message>
</context>
<context>
    <name>aem::DownloadWatcher</name>
    <message>
        <source>the download folder %1 does not exist or cannot be read</source>
        <translation>le dossier de téléchargements %1 n&apos;existe pas ou ne peut pas être lu</translation>
    </message>
    <message>
        <source>the download folder %1 cannot be watched</source>
        <translation>le dossier de téléchargements %1 ne peut pas être surveillé</translation>
    </message>
</context>
<context>
    <name>aem::EnvType</name>
    <message>
        <source>Development</source>
        <translation>Développement</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Préproduction</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Production</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
</context>
<context>
    <name>aem::Environment</name>
    <message>
        <source>is empty</source>
        <translation>est vide</translation>
    </message>
    <message>
        <source>is not a valid URL</source>
        <translation>n’est pas une URL valide</translation>
    </message>
    <message>
        <source>must start with https://</source>
        <translation>doit commencer par https://</translation>
    </message>
    <message>
        <source>must use https:// (plain http is only allowed for localhost)</source>
        <translation>doit utiliser https:// (le http non chiffré n’est permis que pour localhost)</translation>
    </message>
    <message>
        <source>must be a plain base URL, without user, query or fragment</source>
        <translation>doit être une URL de base simple, sans utilisateur, requête ni fragment</translation>
    </message>
</context>
<context>
    <name>aem::ExpiryNotifier</name>
    <message>
        <source>Token expires soon</source>
        <translation>Le jeton expire bientôt</translation>
    </message>
    <message>
        <source>The local development token %1 expires in %2. Get a new one from the Developer Console.</source>
        <translation>Le jeton de développement local %1 expire dans %2. Obtenez-en un nouveau dans la Developer Console.</translation>
    </message>
    <message>
        <source>The token of %1 expires in %2.</source>
        <translation>Le jeton de %1 expire dans %2.</translation>
    </message>
    <message>
        <source>Certificate expires soon</source>
        <translation>Le certificat expire bientôt</translation>
    </message>
    <message>
        <source>The certificate of %1 has expired: add a new one in the Developer Console.</source>
        <translation>Le certificat de %1 a expiré : ajoutez-en un nouveau dans la Developer Console.</translation>
    </message>
    <message>
        <source>The certificate of %1 expires in %2: add a new one in the Developer Console.</source>
        <translation>Le certificat de %1 expire dans %2 : ajoutez-en un nouveau dans la Developer Console.</translation>
    </message>
</context>
<context>
    <name>aem::FileCredentialSource</name>
    <message>
        <source>a local development token is its own token: nothing to cache</source>
        <translation>un jeton de développement local est son propre jeton : rien à garder en cache</translation>
    </message>
    <message>
        <source>the token lives less than the reuse margin: not cached</source>
        <translation>le jeton vit moins longtemps que la marge de réutilisation : non gardé en cache</translation>
    </message>
</context>
<context>
    <name>aem::GraphqlRequest</name>
    <message>
        <source>The answer lists no endpoints.</source>
        <translation>La réponse ne liste aucun point d’accès.</translation>
    </message>
    <message>
        <source>Write a query first.</source>
        <translation>Écrivez d’abord une requête.</translation>
    </message>
    <message>
        <source>The variables are not JSON: %1 at character %2.</source>
        <translation>Les variables ne sont pas du JSON : %1 au caractère %2.</translation>
    </message>
    <message>
        <source>The variables must be a JSON object, such as {&quot;slug&quot;: &quot;bali&quot;}.</source>
        <translation>Les variables doivent être un objet JSON, par exemple {&quot;slug&quot;: &quot;bali&quot;}.</translation>
    </message>
    <message>
        <source>Name the persisted query as configuration/query, for example global/adventures.</source>
        <translation>Nommez la requête persistée configuration/requête, par exemple global/adventures.</translation>
    </message>
    <message>
        <source>A parameter of the persisted query has no name.</source>
        <translation>Un paramètre de la requête persistée n’a pas de nom.</translation>
    </message>
    <message>
        <source>The %1 is %2 bytes, more than the %3 read.</source>
        <translation>La %1 fait %2 octets, plus que les %3 lus.</translation>
    </message>
    <message>
        <source>The %1 is not JSON: %2 at byte %3.</source>
        <translation>La %1 n’est pas du JSON : %2 à l’octet %3.</translation>
    </message>
    <message>
        <source>endpoint list</source>
        <translation>liste des points de terminaison</translation>
    </message>
    <message>
        <source>The answer lists no endpoints: no configuration in it has an &quot;endpoint&quot; node.</source>
        <translation>La réponse ne liste aucun point de terminaison : aucune configuration n’y a de nœud « endpoint ».</translation>
    </message>
    <message>
        <source>persisted query list</source>
        <translation>liste des requêtes persistantes</translation>
    </message>
    <message>
        <source>The persisted query list is neither an array nor an object.</source>
        <translation>La liste des requêtes persistantes n’est ni un tableau ni un objet.</translation>
    </message>
    <message>
        <source>%1: not an object</source>
        <translation>%1 : pas un objet</translation>
    </message>
    <message>
        <source>%1.path: missing</source>
        <translation>%1.path : absent</translation>
    </message>
    <message>
        <source>%1.path: not a persisted query path (/conf/&lt;configuration&gt;/settings/graphql/persistentQueries/&lt;name&gt;)</source>
        <translation>%1.path : pas un chemin de requête persistante (/conf/&lt;configuration&gt;/settings/graphql/persistentQueries/&lt;nom&gt;)</translation>
    </message>
    <message>
        <source>%1.path: %2/%3 is not a name the app can run</source>
        <translation>%1.path : %2/%3 n’est pas un nom que l’application peut exécuter</translation>
    </message>
    <message>
        <source>more than %1 persisted queries: the rest are not shown</source>
        <translation>plus de %1 requêtes persistantes : les autres ne sont pas affichées</translation>
    </message>
    <message>
        <source>The parameter name &quot;%1&quot; holds &apos;;&apos;, &apos;=&apos; or a control character.</source>
        <translation>Le nom de paramètre « %1 » contient « ; », « = » ou un caractère de contrôle.</translation>
    </message>
    <message>
        <source>The value of %1 holds &apos;;&apos; or a control character, which a persisted query&apos;s URL cannot carry: send the query with POST instead.</source>
        <translation>La valeur de %1 contient « ; » ou un caractère de contrôle, que l’URL d’une requête persistante ne peut pas porter : envoyez plutôt la requête en POST.</translation>
    </message>
    <message numerus="yes">
        <source>%n more entry(ies) left out</source>
        <translation>
            <numerusform>%n autre entrée écartée</numerusform>
            <numerusform>%n autres entrées écartées</numerusform>
        </translation>
    </message>
    <message>
        <source>more than %1 endpoints: the rest are not shown</source>
        <translation>plus de %1 points d’accès : les autres ne sont pas affichés</translation>
    </message>
    <message>
        <source>[%1].configurationName: %2 is not a configuration name</source>
        <translation>[%1].configurationName : %2 n’est pas un nom de configuration</translation>
    </message>
    <message>
        <source>[%1].url: %2 is not a path on this AEM</source>
        <translation>[%1].url : %2 n’est pas un chemin sur cet AEM</translation>
    </message>
</context>
<context>
    <name>aem::HttpFile</name>
    <message>
        <source>line %1: %2</source>
        <translation>ligne %1 : %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a variable name</source>
        <translation>« %1 » n’est pas un nom de variable</translation>
    </message>
    <message>
        <source>@expect takes &quot;status&quot; and one or more statuses such as 200</source>
        <translation>@expect attend « status » et un ou plusieurs statuts, par exemple 200</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an HTTP method</source>
        <translation>« %1 » n’est pas une méthode HTTP</translation>
    </message>
    <message>
        <source>the request line is METHOD URL [HTTP/1.1]</source>
        <translation>la ligne de requête s’écrit MÉTHODE URL [HTTP/1.1]</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a header (Name: value)</source>
        <translation>« %1 » n’est pas un en-tête (Nom: valeur)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>the file holds %1 MiB; an .http file may hold at most %2 MiB</source>
        <translation>le fichier fait %1 Mio ; un fichier .http ne peut dépasser %2 Mio</translation>
    </message>
    <message>
        <source>the file contains a NUL byte: it is not a text .http file</source>
        <translation>le fichier contient un octet NUL : ce n’est pas un fichier texte .http</translation>
    </message>
    <message>
        <source>the request has no request line (METHOD URL)</source>
        <translation>la requête n’a pas de ligne de requête (MÉTHODE URL)</translation>
    </message>
    <message>
        <source>%1 is marked secret: its value belongs in the keychain, not in the file</source>
        <translation>%1 est marquée secrète : sa valeur va dans le trousseau, pas dans le fichier</translation>
    </message>
    <message>
        <source>{{%1}} is not defined (@%1 = value, or # @secret %1)</source>
        <translation>{{%1}} n’est pas définie (@%1 = valeur, ou # @secret %1)</translation>
    </message>
    <message>
        <source>the variables refer to each other without end</source>
        <translation>les variables renvoient les unes aux autres sans fin</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid header name</source>
        <translation>« %1 » n’est pas un nom d’en-tête valide</translation>
    </message>
    <message>
        <source>the value of %1 contains a line break or a control character; not sent</source>
        <translation>la valeur de %1 contient un saut de ligne ou un caractère de contrôle ; non envoyée</translation>
    </message>
    <message>
        <source>body file %1: %2</source>
        <translation>fichier de corps %1 : %2</translation>
    </message>
    <message>
        <source>%1, not a regular file; not read</source>
        <translation>%1, pas un fichier ordinaire ; non lu</translation>
    </message>
    <message>
        <source>larger than %1 MiB; a body read from a file may hold at most that</source>
        <translation>plus de %1 Mio ; un corps lu dans un fichier ne peut pas dépasser cette taille</translation>
    </message>
    <message>
        <source>&lt;@ takes no encoding here: write &quot;&lt;@ FILE&quot; (UTF-8)</source>
        <translation>&lt;@ ne prend pas d’encodage ici : écrivez « &lt;@ FICHIER » (UTF-8)</translation>
    </message>
    <message>
        <source>&lt; needs the file to send as the body</source>
        <translation>&lt; attend le fichier à envoyer comme corps</translation>
    </message>
    <message>
        <source>a body read from a file (&lt; FILE) is the whole body: nothing may follow it but response handlers</source>
        <translation>un corps lu dans un fichier (&lt; FICHIER) est le corps entier : seuls des gestionnaires de réponse peuvent le suivre</translation>
    </message>
    <message>
        <source>{{%1}}: $randomInt takes nothing, or MIN MAX with MIN &lt; MAX (MAX not included)</source>
        <translation>{{%1}} : $randomInt ne prend rien, ou MIN MAX avec MIN &lt; MAX (MAX exclu)</translation>
    </message>
    <message>
        <source>{{%1}}: %2 takes no arguments</source>
        <translation>{{%1}} : %2 ne prend pas d’arguments</translation>
    </message>
    <message>
        <source>{{%1}} is not a dynamic variable; known: $uuid, $random.uuid, $guid, $timestamp, $isoTimestamp, $randomInt</source>
        <translation>{{%1}} n’est pas une variable dynamique ; connues : $uuid, $random.uuid, $guid, $timestamp, $isoTimestamp, $randomInt</translation>
    </message>
    <message>
        <source>the body file&apos;s name is empty</source>
        <translation>le nom du fichier de corps est vide</translation>
    </message>
    <message>
        <source>outside the folder of the .http file (%1); a collection sends only files in its own folder or below it</source>
        <translation>hors du dossier du fichier .http (%1) ; une collection n’envoie que des fichiers de son propre dossier ou de ses sous-dossiers</translation>
    </message>
    <message>
        <source>the file holds more than %1 requests</source>
        <translation>le fichier contient plus de %1 requêtes</translation>
    </message>
    <message>
        <source>the variables make the request larger than %1 MiB; not sent</source>
        <translation>les variables rendent la requête plus grande que %1 Mio ; non envoyée</translation>
    </message>
    <message>
        <source>the header %1 is set by the program, not by a request</source>
        <translation>l’en-tête %1 est posé par le programme, pas par une requête</translation>
    </message>
    <message>
        <source>a request with its own Authorization header goes to a host the file chose, so it never carries a keychain secret ({{%1}})</source>
        <translation>une requête avec son propre en-tête Authorization va vers un hôte choisi par le fichier : elle n’emporte donc jamais de secret du trousseau ({{%1}})</translation>
    </message>
</context>
<context>
    <name>aem::Ims</name>
    <message>
        <source>IMS refused the client secret: it is wrong or was rotated in the Developer Console</source>
        <translation>IMS a refusé le secret client : il est erroné ou a été renouvelé dans la Developer Console</translation>
    </message>
    <message>
        <source>IMS does not know this client id, or it does not match the JWT audience</source>
        <translation>IMS ne connaît pas cet identifiant client, ou il ne correspond pas à l’audience du JWT</translation>
    </message>
    <message>
        <source>IMS could not match the JWT signature to a certificate: the certificate is expired, revoked or not registered for this integration</source>
        <translation>IMS n’a pu associer la signature du JWT à aucun certificat : le certificat a expiré, a été révoqué ou n’est pas enregistré pour cette intégration</translation>
    </message>
    <message>
        <source>IMS considers the JWT expired: check this computer&apos;s clock</source>
        <translation>IMS considère le JWT expiré : vérifiez l’horloge de cet ordinateur</translation>
    </message>
    <message>
        <source>IMS could not decode the JWT: it is malformed</source>
        <translation>IMS n’a pas pu décoder le JWT : il est mal formé</translation>
    </message>
    <message>
        <source>the metascopes in the credential are not allowed for this integration</source>
        <translation>les métascopes des identifiants ne sont pas autorisés pour cette intégration</translation>
    </message>
    <message>
        <source>IMS refused the JWT claims (technical account id, org, expiry or jti badly formatted)</source>
        <translation>IMS a refusé les revendications du JWT (identifiant du compte technique, organisation, expiration ou jti mal formés)</translation>
    </message>
    <message>
        <source>this client is not allowed to use this grant</source>
        <translation>ce client n’est pas autorisé à utiliser cet octroi</translation>
    </message>
    <message>
        <source>IMS is rate-limiting requests; try again later</source>
        <translation>IMS limite le débit des requêtes ; réessayez plus tard</translation>
    </message>
    <message>
        <source>IMS is temporarily unavailable; try again later</source>
        <translation>IMS est momentanément indisponible ; réessayez plus tard</translation>
    </message>
    <message>
        <source>the IMS endpoint does not offer this call: check imsEndpoint</source>
        <translation>le point d’accès IMS ne propose pas cet appel : vérifiez imsEndpoint</translation>
    </message>
    <message>
        <source>IMS refused the request</source>
        <translation>IMS a refusé la requête</translation>
    </message>
    <message>
        <source>IMS answered without an access_token</source>
        <translation>IMS a répondu sans access_token</translation>
    </message>
    <message>
        <source>IMS answered without a usable expires_in</source>
        <translation>IMS a répondu sans expires_in utilisable</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>no network access</source>
        <translation>pas d’accès au réseau</translation>
    </message>
    <message>
        <source>IMS at %1 did not answer within %2 s</source>
        <translation>IMS sur %1 n’a pas répondu en %2 s</translation>
    </message>
    <message>
        <source>the TLS certificate of %1 is not trusted (%2); behind a corporate proxy, add its CA certificate as an extra CA file</source>
        <translation>le certificat TLS de %1 n’est pas reconnu (%2) ; derrière un proxy d’entreprise, ajoutez son certificat d’autorité comme fichier d’autorité supplémentaire</translation>
    </message>
    <message>
        <source>cannot resolve %1: check the network connection and the IMS endpoint</source>
        <translation>impossible de résoudre %1 : vérifiez la connexion réseau et le point d’accès IMS</translation>
    </message>
    <message>
        <source>%1 refused the connection</source>
        <translation>%1 a refusé la connexion</translation>
    </message>
    <message>
        <source>the proxy failed (%1)</source>
        <translation>le proxy a échoué (%1)</translation>
    </message>
    <message>
        <source>the answer from %1 was larger than expected and was dropped</source>
        <translation>la réponse de %1 était plus grande que prévu et a été abandonnée</translation>
    </message>
    <message>
        <source>network error talking to %1: %2</source>
        <translation>erreur réseau avec %1 : %2</translation>
    </message>
    <message>
        <source>IMS answered %1 with something that is not JSON</source>
        <translation>IMS a répondu %1 avec autre chose que du JSON</translation>
    </message>
    <message>
        <source>(IMS asks to wait %1 s before retrying)</source>
        <translation>(IMS demande d’attendre %1 s avant de réessayer)</translation>
    </message>
    <message>
        <source>IMS answered with an access_token that is not a well-formed token (not a JWT); not used</source>
        <translation>IMS a répondu avec un access_token qui n’est pas un jeton bien formé (pas un JWT) ; non utilisé</translation>
    </message>
    <message>
        <source>IMS issued a token that has already expired (%1); it was not cached: check this computer&apos;s clock</source>
        <translation>IMS a délivré un jeton déjà expiré (%1) ; il n’a pas été mis en cache : vérifiez l’horloge de cet ordinateur</translation>
    </message>
    <message>
        <source>IMS claims the token is valid until %1, more than 7 days ahead; it is trusted for 24 h only</source>
        <translation>IMS affirme que le jeton est valable jusqu’au %1, plus de 7 jours à l’avance ; il n’est tenu pour valable que 24 h</translation>
    </message>
    <message>
        <source>the answer from %1 was larger than 1 MiB and was dropped</source>
        <translation>la réponse de %1 dépassait 1 Mio et a été abandonnée</translation>
    </message>
    <message numerus="yes">
        <source>after %n attempt(s)</source>
        <translation>
            <numerusform>après %n tentative</numerusform>
            <numerusform>après %n tentatives</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::JsonTree</name>
    <message>
        <source>Not JSON: %1 at byte %2.</source>
        <translation>Pas du JSON : %1 à l’octet %2.</translation>
    </message>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n clé}</numerusform>
            <numerusform>{%n clés}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n élément]</numerusform>
            <numerusform>[%n éléments]</numerusform>
        </translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>JSONPath: %1 at character %2.</source>
        <translation>JSONPath : %1 au caractère %2.</translation>
    </message>
    <message>
        <source>expected $</source>
        <translation>$ attendu</translation>
    </message>
    <message>
        <source>expected a name after .</source>
        <translation>nom attendu après .</translation>
    </message>
    <message>
        <source>expected a name</source>
        <translation>nom attendu</translation>
    </message>
    <message>
        <source>expected . or [</source>
        <translation>. ou [ attendu</translation>
    </message>
    <message>
        <source>expected ]</source>
        <translation>] attendu</translation>
    </message>
    <message>
        <source>expected a number, * or a quoted name</source>
        <translation>nombre, * ou nom entre guillemets attendu</translation>
    </message>
    <message>
        <source>The JSON is nested deeper than %1 levels: not shown as a tree.</source>
        <translation>Le JSON est imbriqué sur plus de %1 niveaux : il n’est pas affiché en arbre.</translation>
    </message>
</context>
<context>
    <name>aem::Jwt</name>
    <message>
        <source>is not a JWT (expected three dot-separated parts)</source>
        <translation>n’est pas un JWT (trois parties séparées par des points attendues)</translation>
    </message>
    <message>
        <source>is not a JWT (invalid base64url)</source>
        <translation>n’est pas un JWT (base64url invalide)</translation>
    </message>
    <message>
        <source>is not a JWT (header is not a JSON object)</source>
        <translation>n’est pas un JWT (l’en-tête n’est pas un objet JSON)</translation>
    </message>
    <message>
        <source>is not a JWT (payload is not a JSON object)</source>
        <translation>n’est pas un JWT (le contenu n’est pas un objet JSON)</translation>
    </message>
</context>
<context>
    <name>aem::KernelKeyring</name>
    <message>
        <source>the kernel keyring prefix &quot;%1&quot; is not valid: 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>le préfixe « %1 » du trousseau du noyau n&apos;est pas valide : de 1 à 64 lettres, chiffres, « . », « _ » ou « - »</translation>
    </message>
    <message>
        <source>the kernel keyring is not available: this kernel has no key management (ENOSYS)</source>
        <translation>le trousseau du noyau n&apos;est pas disponible : ce noyau ne gère pas les clés (ENOSYS)</translation>
    </message>
    <message>
        <source>the kernel keyring is not available: %1 (refused by a seccomp filter or a container&apos;s policy?)</source>
        <translation>le trousseau du noyau n&apos;est pas disponible : %1 (refusé par un filtre seccomp ou la politique d&apos;un conteneur ?)</translation>
    </message>
    <message>
        <source>the kernel keyring is not available: %1</source>
        <translation>le trousseau du noyau n&apos;est pas disponible : %1</translation>
    </message>
    <message>
        <source>the kernel keyring identity is not a lowercase hex digest</source>
        <translation>l&apos;identité dans le trousseau du noyau n&apos;est pas une empreinte hexadécimale en minuscules</translation>
    </message>
    <message>
        <source>cannot search the kernel keyring for a cached token: %1</source>
        <translation>impossible de chercher un jeton en cache dans le trousseau du noyau : %1</translation>
    </message>
    <message>
        <source>cannot read the cached token from the kernel keyring: %1</source>
        <translation>impossible de lire le jeton en cache dans le trousseau du noyau : %1</translation>
    </message>
    <message>
        <source>the kernel keyring entry %1 did not hold a token entry; removed</source>
        <translation>l&apos;entrée %1 du trousseau du noyau ne contenait pas de jeton ; supprimée</translation>
    </message>
    <message>
        <source>the token to cache in the kernel keyring is empty or holds spaces or control characters</source>
        <translation>le jeton à mettre en cache dans le trousseau du noyau est vide ou contient des espaces ou des caractères de contrôle</translation>
    </message>
    <message>
        <source>the token to cache in the kernel keyring has no creation or expiry time</source>
        <translation>le jeton à mettre en cache dans le trousseau du noyau n&apos;a pas de date de création ou d&apos;expiration</translation>
    </message>
    <message>
        <source>the token to cache in the kernel keyring expires before it was created</source>
        <translation>le jeton à mettre en cache dans le trousseau du noyau expire avant d&apos;avoir été créé</translation>
    </message>
    <message>
        <source>the token is too large for the kernel keyring (%1 bytes, at most %2)</source>
        <translation>le jeton est trop grand pour le trousseau du noyau (%1 octets, au plus %2)</translation>
    </message>
    <message>
        <source>the token is not cached in the kernel keyring: less than the reuse margin of its life remains</source>
        <translation>le jeton n&apos;est pas mis en cache dans le trousseau du noyau : il lui reste moins que la marge de réutilisation</translation>
    </message>
    <message>
        <source>the kernel keyring quota is full (%1); the token is not cached</source>
        <translation>le quota du trousseau du noyau est plein (%1) ; le jeton n&apos;est pas mis en cache</translation>
    </message>
    <message>
        <source>cannot cache the token in the kernel keyring: %1</source>
        <translation>impossible de mettre le jeton en cache dans le trousseau du noyau : %1</translation>
    </message>
    <message>
        <source>%1 of %2 keys and %3 of %4 bytes of this user are in use; /proc/sys/kernel/keys/maxbytes sets the limit</source>
        <translation>%1 clés sur %2 et %3 octets sur %4 de cet utilisateur sont utilisés ; /proc/sys/kernel/keys/maxbytes fixe la limite</translation>
    </message>
    <message>
        <source>see /proc/sys/kernel/keys/maxbytes and maxkeys</source>
        <translation>voir /proc/sys/kernel/keys/maxbytes et maxkeys</translation>
    </message>
    <message>
        <source>the kernel keyring quota is full (%1) until the kernel has released the expired entries just removed; the token is not cached this time</source>
        <translation>le quota du trousseau du noyau est plein (%1) tant que le noyau n’a pas libéré les entrées expirées qui viennent d’être retirées ; le jeton n’est pas mis en cache cette fois</translation>
    </message>
    <message>
        <source>cannot remove the cached token from the kernel keyring: %1</source>
        <translation>impossible de retirer le jeton en cache du trousseau du noyau : %1</translation>
    </message>
</context>
<context>
    <name>aem::LocalTarget</name>
    <message>
        <source>is empty</source>
        <translation>est vide</translation>
    </message>
    <message>
        <source>is longer than 256 characters</source>
        <translation>dépasse 256 caractères</translation>
    </message>
    <message>
        <source>must not contain &apos;:&apos; or control characters</source>
        <translation>ne doit contenir ni « : » ni caractères de contrôle</translation>
    </message>
    <message>
        <source>&quot;admin&quot; is the AEM SDK&apos;s default account: fine on this machine, but never use its password anywhere else</source>
        <translation>« admin » est le compte par défaut du SDK AEM : acceptable sur cette machine, mais n&apos;utilisez jamais son mot de passe ailleurs</translation>
    </message>
    <message>
        <source>author URL %1</source>
        <translation>URL de l&apos;auteur : %1</translation>
    </message>
    <message>
        <source>publish URL %1</source>
        <translation>URL de publication : %1</translation>
    </message>
    <message>
        <source>user %1</source>
        <translation>utilisateur : %1</translation>
    </message>
    <message>
        <source>password is empty: a user needs its password</source>
        <translation>le mot de passe est vide : un utilisateur a besoin de son mot de passe</translation>
    </message>
    <message>
        <source>password is longer than 4096 bytes</source>
        <translation>le mot de passe dépasse 4096 octets</translation>
    </message>
    <message>
        <source>password must not contain a line break or a NUL byte</source>
        <translation>le mot de passe ne doit contenir ni saut de ligne ni octet NUL</translation>
    </message>
    <message>
        <source>password given without a user</source>
        <translation>mot de passe donné sans utilisateur</translation>
    </message>
</context>
<context>
    <name>aem::MetadataFile</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>%1 is not a regular file; not read</source>
        <translation>%1 n’est pas un fichier ordinaire ; non lu</translation>
    </message>
    <message>
        <source>%1 is larger than 16 MiB; not read</source>
        <translation>%1 dépasse 16 Mio ; non lu</translation>
    </message>
    <message>
        <source>%1 is damaged (%2 at byte %3); it is left as it is</source>
        <translation>%1 est endommagé (%2 à l’octet %3) ; il est laissé en l’état</translation>
    </message>
    <message>
        <source>%1 is damaged (not a JSON object); it is left as it is</source>
        <translation>%1 est endommagé (ce n’est pas un objet JSON) ; il est laissé en l’état</translation>
    </message>
    <message>
        <source>%1 is damaged (its &quot;version&quot; is not a format version); it is left as it is</source>
        <translation>%1 est endommagé (sa « version » n’est pas une version de format) ; il est laissé en l’état</translation>
    </message>
    <message>
        <source>%1 has format version %2, this program reads version %3: a newer AEM Token Manager wrote it; nothing is changed in it</source>
        <translation>%1 est au format version %2, ce programme lit la version %3 : une version plus récente d’AEM Token Manager l’a écrit ; rien n’y est modifié</translation>
    </message>
    <message>
        <source>%1 is damaged (&quot;credentials&quot; is not a list); it is left as it is</source>
        <translation>%1 est endommagé (« credentials » n’est pas une liste) ; il est laissé en l’état</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>ce n’est pas un objet JSON</translation>
    </message>
    <message>
        <source>another record has the same id or name</source>
        <translation>un autre enregistrement a le même identifiant ou le même nom</translation>
    </message>
    <message>
        <source>record %1%2 in %3 cannot be used: %4; it is kept as it is</source>
        <translation>l’enregistrement %1%2 de %3 est inutilisable : %4 ; il est conservé tel quel</translation>
    </message>
</context>
<context>
    <name>aem::Network</name>
    <message>
        <source>cannot read the CA file %1: %2</source>
        <translation>impossible de lire le fichier d’autorité %1 : %2</translation>
    </message>
    <message>
        <source>the CA file %1 is larger than 4 MiB</source>
        <translation>le fichier d’autorité %1 dépasse 4 Mio</translation>
    </message>
    <message>
        <source>the CA file %1 holds no PEM certificate</source>
        <translation>le fichier d’autorité %1 ne contient aucun certificat PEM</translation>
    </message>
    <message>
        <source>the proxy asks to sign in (%1): with Kerberos, get a ticket (kinit); with a user name and password, put them in the proxy address, http://USER:PASSWORD@HOST:PORT (system proxy settings or https_proxy)</source>
        <translation>le proxy demande une identification (%1) : avec Kerberos, obtenez un ticket (kinit) ; avec un nom d’utilisateur et un mot de passe, mettez-les dans l’adresse du proxy, http://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT (réglages proxy du système ou https_proxy)</translation>
    </message>
    <message>
        <source>the CA file %1 is not a regular file</source>
        <translation>le fichier d’AC %1 n’est pas un fichier ordinaire</translation>
    </message>
</context>
<context>
    <name>aem::PrivateKey</name>
    <message>
        <source>is not a PEM private key</source>
        <translation>n’est pas une clé privée PEM</translation>
    </message>
    <message>
        <source>is encrypted with a pass phrase, which is not supported</source>
        <translation>est chiffrée par une phrase secrète, ce qui n’est pas pris en charge</translation>
    </message>
    <message>
        <source>cannot be read as a private key</source>
        <translation>ne peut pas être lue comme une clé privée</translation>
    </message>
</context>
<context>
    <name>aem::QueryBuilder</name>
    <message>
        <source>The path must start with / (for example /content/dam).</source>
        <translation>Le chemin doit commencer par / (par exemple /content/dam).</translation>
    </message>
    <message>
        <source>A field holds a line break or a control character.</source>
        <translation>Un champ contient un saut de ligne ou un caractère de contrôle.</translation>
    </message>
    <message>
        <source>The limit must be between 1 and %1, or -1 for all.</source>
        <translation>La limite doit être entre 1 et %1, ou -1 pour tout.</translation>
    </message>
    <message>
        <source>The property for the value &quot;%1&quot; has no name.</source>
        <translation>La propriété de la valeur « %1 » n’a pas de nom.</translation>
    </message>
    <message>
        <source>The property %1 holds a line break or a control character.</source>
        <translation>La propriété %1 contient un saut de ligne ou un caractère de contrôle.</translation>
    </message>
    <message>
        <source>The answer is not JSON: %1 at byte %2.</source>
        <translation>La réponse n’est pas du JSON : %1 à l’octet %2.</translation>
    </message>
    <message>
        <source>The QueryBuilder refused the query: %1</source>
        <translation>Le QueryBuilder a refusé la requête : %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sans raison donnée</translation>
    </message>
    <message>
        <source>The answer has no hits: is this a QueryBuilder answer?</source>
        <translation>La réponse n’a pas de hits : est-ce une réponse du QueryBuilder ?</translation>
    </message>
    <message>
        <source>The offset (p.offset) must be between 0 and %1.</source>
        <translation>Le décalage (p.offset) doit être compris entre 0 et %1.</translation>
    </message>
    <message>
        <source>The QueryBuilder answer is %1 bytes, more than the %2 read: lower the limit.</source>
        <translation>La réponse du QueryBuilder fait %1 octets, plus que les %2 lus : baissez la limite.</translation>
    </message>
    <message>
        <source>The QueryBuilder answer&apos;s %1 is not a count.</source>
        <translation>Le champ %1 de la réponse du QueryBuilder n’est pas un nombre.</translation>
    </message>
</context>
<context>
    <name>aem::RequestBody</name>
    <message>
        <source>Choose the file to send as the body.</source>
        <translation>Choisissez le fichier à envoyer comme corps.</translation>
    </message>
    <message>
        <source>The body file %1 does not exist.</source>
        <translation>Le fichier de corps %1 n’existe pas.</translation>
    </message>
    <message>
        <source>The body file %1 is not a regular file.</source>
        <translation>Le fichier de corps %1 n’est pas un fichier ordinaire.</translation>
    </message>
    <message>
        <source>The body file %1 cannot be read: check its permissions.</source>
        <translation>Le fichier de corps %1 est illisible : vérifiez ses droits.</translation>
    </message>
    <message>
        <source>The body file %1 is larger than 4 GiB.</source>
        <translation>Le fichier de corps %1 dépasse 4 Gio.</translation>
    </message>
</context>
<context>
    <name>aem::RequestHistory</name>
    <message>
        <source>cannot read the request history %1</source>
        <translation>impossible de lire l’historique des requêtes %1</translation>
    </message>
    <message>
        <source>%1
%2 with %3, %4 ms, %5</source>
        <translation>%1
%2 avec %3, %4 ms, %5</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 octets</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>success</source>
        <translation>succès</translation>
    </message>
    <message>
        <source>redirect</source>
        <translation>redirection</translation>
    </message>
    <message>
        <source>client error</source>
        <translation>erreur du client</translation>
    </message>
    <message>
        <source>server error</source>
        <translation>erreur du serveur</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>aem::ResponseSink</name>
    <message>
        <source>cannot buffer the answer on disk: %1</source>
        <translation>impossible de mettre la réponse en mémoire tampon sur le disque : %1</translation>
    </message>
    <message>
        <source>there is no answer to save</source>
        <translation>il n’y a pas de réponse à enregistrer</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>impossible d’écrire %1</translation>
    </message>
</context>
<context>
    <name>aem::SecretService</name>
    <message>
        <source>No Secret Service keychain is running (nothing provides org.freedesktop.secrets on the D-Bus session bus)</source>
        <translation>Aucun trousseau Secret Service n’est lancé (rien ne fournit org.freedesktop.secrets sur le bus de session D-Bus)</translation>
    </message>
    <message>
        <source>The Secret Service keychain could not be started: %1</source>
        <translation>Le trousseau Secret Service n’a pas pu être démarré : %1</translation>
    </message>
    <message>
        <source>Lost the connection to the D-Bus session bus</source>
        <translation>Connexion au bus de session D-Bus perdue</translation>
    </message>
    <message>
        <source>The Secret Service keychain did not answer in time</source>
        <translation>Le trousseau Secret Service n’a pas répondu à temps</translation>
    </message>
    <message>
        <source>The keychain is locked</source>
        <translation>Le trousseau est verrouillé</translation>
    </message>
    <message>
        <source>The Secret Service keychain refused access: %1</source>
        <translation>Le trousseau Secret Service a refusé l’accès : %1</translation>
    </message>
    <message>
        <source>The Secret Service keychain failed: %1</source>
        <translation>Échec du trousseau Secret Service : %1</translation>
    </message>
    <message>
        <source>No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service keychain can be reached</source>
        <translation>Aucun bus de session D-Bus (DBUS_SESSION_BUS_ADDRESS n’est pas défini) : aucun trousseau Secret Service n’est joignable</translation>
    </message>
    <message>
        <source>Cannot connect to the D-Bus session bus: %1</source>
        <translation>Impossible de se connecter au bus de session D-Bus : %1</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <source>The Secret Service keychain has no default collection (keyring)</source>
        <translation>Le trousseau Secret Service n’a pas de collection (trousseau) par défaut</translation>
    </message>
    <message>
        <source>The keychain is locked and no unlock prompt can be shown in this session (no display); unlock it from the desktop session, e.g. in Passwords and Keys (Seahorse)</source>
        <translation>Le trousseau est verrouillé et aucune fenêtre de déverrouillage ne peut être affichée dans cette session (pas d’affichage) ; déverrouillez-le depuis la session de bureau, par exemple dans Mots de passe et clés (Seahorse)</translation>
    </message>
    <message>
        <source>The keychain unlock prompt was dismissed; the keychain stays locked</source>
        <translation>La fenêtre de déverrouillage du trousseau a été fermée ; le trousseau reste verrouillé</translation>
    </message>
    <message>
        <source>No answer from the keychain unlock prompt within %1 s</source>
        <translation>Aucune réponse de la fenêtre de déverrouillage du trousseau en %1 s</translation>
    </message>
    <message>
        <source>The Secret Service keychain did not unlock the collection %1</source>
        <translation>Le trousseau Secret Service n’a pas déverrouillé la collection %1</translation>
    </message>
    <message>
        <source>The Secret Service keychain did not lock the collection %1</source>
        <translation>Le trousseau Secret Service n’a pas verrouillé la collection %1</translation>
    </message>
</context>
<context>
    <name>aem::SecretStore</name>
    <message>
        <source>the macOS Keychain</source>
        <translation>le trousseau de macOS</translation>
    </message>
    <message>
        <source>the Windows Credential Manager</source>
        <translation>le Gestionnaire d’identification de Windows</translation>
    </message>
    <message>
        <source>the Secret Service keychain (GNOME Keyring or KWallet)</source>
        <translation>le trousseau Secret Service (GNOME Keyring ou KWallet)</translation>
    </message>
    <message>
        <source>this keychain cannot list its items</source>
        <translation>ce trousseau ne sait pas lister ses éléments</translation>
    </message>
    <message>
        <source>the keychain kept the item after deleting it</source>
        <translation>le trousseau a gardé l’élément après l’avoir supprimé</translation>
    </message>
</context>
<context>
    <name>aem::StoreDoctor</name>
    <message>
        <source>(the last good copy, %1, can be restored with: aemtoken doctor --repair)</source>
        <translation>(la dernière copie saine, %1, peut être restaurée par : aemtoken doctor --repair)</translation>
    </message>
    <message>
        <source>interrupted and not finished: %1 (started %2)</source>
        <translation>interrompu et inachevé : %1 (commencé le %2)</translation>
    </message>
    <message>
        <source>The keychain items were not checked.</source>
        <translation>Les éléments du trousseau n’ont pas été vérifiés.</translation>
    </message>
    <message>
        <source>a cached access token (%1) belongs to no listed credential</source>
        <translation>un jeton d’accès en cache (%1) n’appartient à aucun identifiant de la liste</translation>
    </message>
    <message>
        <source>the keychain holds the credential &quot;%1&quot; (%2), which is not listed</source>
        <translation>le trousseau contient l’identifiant « %1 » (%2), absent de la liste</translation>
    </message>
    <message>
        <source>the keychain item %1 belongs to no listed credential and cannot be put back on the list (an older format); it is kept until you confirm its deletion (aemtoken doctor --repair --delete-orphans)</source>
        <translation>l’élément %1 du trousseau n’appartient à aucun identifiant de la liste et ne peut pas y être remis (format ancien) ; il est conservé jusqu’à ce que vous confirmiez sa suppression (aemtoken doctor --repair --delete-orphans)</translation>
    </message>
    <message>
        <source>restored %1 from its backup; the damaged file is kept as %2</source>
        <translation>%1 restauré depuis sa sauvegarde ; le fichier endommagé est conservé sous %2</translation>
    </message>
    <message>
        <source>deleted the keychain item %1</source>
        <translation>élément %1 du trousseau supprimé</translation>
    </message>
    <message>
        <source>could not delete the keychain item %1: %2</source>
        <translation>impossible de supprimer l’élément %1 du trousseau : %2</translation>
    </message>
    <message>
        <source>put the credential found in %1 back on the list as &quot;%2&quot;</source>
        <translation>l’identifiant trouvé dans %1 a été remis dans la liste sous le nom « %2 »</translation>
    </message>
    <message>
        <source>could not put %1 back on the list: %2</source>
        <translation>impossible de remettre %1 dans la liste : %2</translation>
    </message>
    <message>
        <source>the keychain items are not judged until the credential list can be read</source>
        <translation>les éléments du trousseau ne sont pas jugés tant que la liste des identifiants ne peut pas être lue</translation>
    </message>
    <message>
        <source>the keychain item %1 belongs to no listed credential and cannot be read now (%2); it is kept</source>
        <translation>l’élément %1 du trousseau n’appartient à aucun identifiant de la liste et ne peut pas être lu pour l’instant (%2) ; il est conservé</translation>
    </message>
    <message>
        <source>could not restore %1 from its backup: %2</source>
        <translation>impossible de restaurer %1 depuis sa sauvegarde : %2</translation>
    </message>
    <message>
        <source>the copy failed</source>
        <translation>la copie a échoué</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no secrets in the keychain and cannot be used: import its file again (aemtoken import FILE --name %2), or remove it (aemtoken remove %2)</source>
        <translation>« %1 » n’a pas de secrets dans le trousseau et ne peut pas servir : importez de nouveau son fichier (aemtoken import FICHIER --name %2), ou supprimez-le (aemtoken remove %2)</translation>
    </message>
</context>
<context>
    <name>aem::StoreFiles</name>
    <message>
        <source>the disk is full</source>
        <translation>le disque est plein</translation>
    </message>
    <message>
        <source>the disk quota is exhausted</source>
        <translation>le quota disque est épuisé</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>permission refusée</translation>
    </message>
    <message>
        <source>read-only file system</source>
        <translation>système de fichiers en lecture seule</translation>
    </message>
    <message>
        <source>no such file or directory</source>
        <translation>fichier ou dossier introuvable</translation>
    </message>
    <message>
        <source>a part of the path is not a directory</source>
        <translation>une partie du chemin n’est pas un dossier</translation>
    </message>
    <message>
        <source>it is a directory</source>
        <translation>c’est un dossier</translation>
    </message>
    <message>
        <source>input/output error</source>
        <translation>erreur d’entrée/sortie</translation>
    </message>
    <message>
        <source>too many open files</source>
        <translation>trop de fichiers ouverts</translation>
    </message>
    <message>
        <source>the path is too long</source>
        <translation>le chemin est trop long</translation>
    </message>
    <message>
        <source>it already exists</source>
        <translation>il existe déjà</translation>
    </message>
    <message>
        <source>cannot create the directory %1: %2</source>
        <translation>impossible de créer le dossier %1 : %2</translation>
    </message>
    <message>
        <source>the credential list is being changed by another process; try again when it has finished</source>
        <translation>la liste des identifiants est modifiée par un autre processus ; réessayez quand il aura terminé</translation>
    </message>
    <message>
        <source>cannot write in %1: %2</source>
        <translation>impossible d’écrire dans %1 : %2</translation>
    </message>
    <message>
        <source>cannot lock %1: %2</source>
        <translation>impossible de verrouiller %1 : %2</translation>
    </message>
    <message>
        <source>the credential list is being changed by another process (PID %1); try again when it has finished</source>
        <translation>la liste des identifiants est modifiée par un autre processus (PID %1) ; réessayez quand il aura terminé</translation>
    </message>
</context>
<context>
    <name>aem::StoreJournal</name>
    <message>
        <source>cannot delete %1: %2</source>
        <translation>impossible de supprimer %1 : %2</translation>
    </message>
    <message>
        <source>the journal file %1 cannot be read; it is kept as it is</source>
        <translation>le fichier de journal %1 est illisible ; il est conservé tel quel</translation>
    </message>
</context>
<context>
    <name>aem::TokenAdmin</name>
    <message>
        <source>Revoking a token ends that token only. To revoke the credentials themselves (for example after a leak):
1. In Cloud Manager, open the environment&apos;s Developer Console.
2. Under Integrations › Technical Accounts, expand the technical account.
3. Revoke the private key (certificate) that leaked, after adding a new one if the integration must keep working.
4. If that option is not available to you, ask Adobe support to revoke the credentials.
Then import the new service credentials here.</source>
        <translation>Révoquer un jeton ne met fin qu’à ce jeton. Pour révoquer les identifiants eux-mêmes (par exemple après une fuite) :
1. Dans Cloud Manager, ouvrez la Developer Console de l’environnement.
2. Sous Integrations › Technical Accounts, dépliez le compte technique.
3. Révoquez la clé privée (le certificat) compromise, après en avoir ajouté une nouvelle si l’intégration doit continuer à fonctionner.
4. Si cette option ne vous est pas proposée, demandez au support Adobe de révoquer les identifiants.
Importez ensuite ici les nouveaux identifiants de service.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a local development token: it expires by itself and cannot be revoked here</source>
        <translation>« %1 » est un jeton de développement local : il expire de lui-même et ne peut pas être révoqué ici</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no cached token to revoke</source>
        <translation>« %1 » n’a pas de jeton en cache à révoquer</translation>
    </message>
    <message>
        <source>IMS did not revoke the token: %1</source>
        <translation>IMS n’a pas révoqué le jeton : %1</translation>
    </message>
    <message>
        <source>revoked the token of &quot;%1&quot;; the next request mints a new one</source>
        <translation>jeton de « %1 » révoqué ; la prochaine requête en créera un nouveau</translation>
    </message>
    <message>
        <source>the credential is no longer stored</source>
        <translation>l’identifiant n’est plus enregistré</translation>
    </message>
    <message>
        <source>IMS revoked the token of &quot;%1&quot;, but its cached copy was not forgotten: %2</source>
        <translation>IMS a révoqué le jeton de « %1 », mais sa copie en cache n’a pas été oubliée : %2</translation>
    </message>
</context>
<context>
    <name>aem::TokenProvider</name>
    <message>
        <source>the stored private key of &quot;%1&quot; %2</source>
        <translation>la clé privée enregistrée de « %1 » %2</translation>
    </message>
    <message>
        <source>signing the JWT failed</source>
        <translation>la signature du JWT a échoué</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a local development token, which cannot be renewed: download a new one from the Developer Console (Get Local Development Token) and import it</source>
        <translation>« %1 » est un jeton de développement local, qui ne peut pas être renouvelé : téléchargez-en un nouveau depuis la Developer Console (Get Local Development Token) et importez-le</translation>
    </message>
    <message>
        <source>the local development token &quot;%1&quot; expired at %2: download a new one from the Developer Console (Get Local Development Token) and import it</source>
        <translation>le jeton de développement local « %1 » a expiré le %2 : téléchargez-en un nouveau depuis la Developer Console (Get Local Development Token) et importez-le</translation>
    </message>
    <message>
        <source>cannot create the lock file %1</source>
        <translation>impossible de créer le fichier de verrou %1</translation>
    </message>
    <message>
        <source>another process has been minting a token for &quot;%1&quot; for too long</source>
        <translation>un autre processus obtient un jeton pour « %1 » depuis trop longtemps</translation>
    </message>
    <message>
        <source>cannot get a token for &quot;%1&quot;: %2</source>
        <translation>impossible d’obtenir un jeton pour « %1 » : %2</translation>
    </message>
    <message>
        <source>no cached token for &quot;%1&quot;</source>
        <translation>aucun jeton en cache pour « %1 »</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>the stored private key of &quot;%1&quot; is not an RSA key</source>
        <translation>la clé privée enregistrée de « %1 » n’est pas une clé RSA</translation>
    </message>
    <message>
        <source>the credential is no longer stored (removed by another program?)</source>
        <translation>l’identifiant n’est plus enregistré (supprimé par un autre programme ?)</translation>
    </message>
    <message>
        <source>the keychain entry of &quot;%1&quot; holds no client secret; import its file again (aemtoken import FILE --name %2)</source>
        <translation>l’entrée du trousseau de « %1 » ne contient pas de secret client ; importez de nouveau son fichier (aemtoken import FICHIER --name %2)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a local AEM target: it needs no access token (requests to it carry HTTP Basic sign-in or nothing)</source>
        <translation>« %1 » est une cible AEM locale : elle n&apos;a besoin d&apos;aucun jeton d&apos;accès (ses requêtes portent une connexion HTTP Basic ou rien)</translation>
    </message>
</context>
<context>
    <name>aem::TokenService</name>
    <message>
        <source>This credential is no longer stored.</source>
        <translation>Ces identifiants ne sont plus enregistrés.</translation>
    </message>
</context>
<context>
    <name>aem::Wording</name>
    <message>
        <source>unknown date</source>
        <translation>date inconnue</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>date, then time of day</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>The certificate expires today (%1)</source>
        <translation>Le certificat expire aujourd’hui (%1)</translation>
    </message>
    <message>
        <source>The certificate expires in %1 (%2)</source>
        <translation>Le certificat expire dans %1 (%2)</translation>
    </message>
    <message>
        <source>The certificate expired today (%1)</source>
        <translation>Le certificat a expiré aujourd’hui (%1)</translation>
    </message>
    <message>
        <source>The certificate expired %1 ago (%2)</source>
        <translation>Le certificat a expiré il y a %1 (%2)</translation>
    </message>
    <message>
        <source>today</source>
        <translation>aujourd’hui</translation>
    </message>
    <message>
        <source>in %1</source>
        <comment>in 3 days</comment>
        <translation>dans %1</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <comment>3 days ago</comment>
        <translation>il y a %1</translation>
    </message>
    <message>
        <source>expired just now</source>
        <translation>vient d’expirer</translation>
    </message>
    <message>
        <source>expired %1 ago</source>
        <comment>expired 3 h 12 min ago</comment>
        <translation>a expiré il y a %1</translation>
    </message>
    <message>
        <source>The file looks cut short — download it again</source>
        <translation>Le fichier semble tronqué — téléchargez-le à nouveau</translation>
    </message>
    <message>
        <source>The file is not JSON as the Developer Console writes it — download it again</source>
        <translation>Le fichier n’est pas du JSON tel que l’écrit la Developer Console — téléchargez-le à nouveau</translation>
    </message>
    <message>
        <source>This file is far too large to be credentials</source>
        <translation>Ce fichier est bien trop volumineux pour contenir des identifiants</translation>
    </message>
    <message>
        <source>The file is empty — download it again</source>
        <translation>Le fichier est vide — téléchargez-le à nouveau</translation>
    </message>
    <message>
        <source>This file is not credentials from the Developer Console</source>
        <translation>Ce fichier ne contient pas d’identifiants de la Developer Console</translation>
    </message>
    <message>
        <source>The Developer Console answered with an error instead of credentials</source>
        <translation>La Developer Console a répondu par une erreur au lieu des identifiants</translation>
    </message>
    <message>
        <source>The file is incomplete — download it again</source>
        <translation>Le fichier est incomplet — téléchargez-le à nouveau</translation>
    </message>
    <message>
        <source>The file has been altered — download it again</source>
        <translation>Le fichier a été modifié — téléchargez-le à nouveau</translation>
    </message>
    <message>
        <source>The file&apos;s certificate expiry date cannot be read</source>
        <translation>La date d’expiration du certificat indiquée dans le fichier est illisible</translation>
    </message>
    <message>
        <source>The IMS address in the file is not a host name</source>
        <translation>L’adresse IMS du fichier n’est pas un nom d’hôte</translation>
    </message>
    <message>
        <source>The file does not name the AEM user that the credentials act as</source>
        <translation>Le fichier ne nomme pas l’utilisateur AEM au nom duquel agissent les identifiants</translation>
    </message>
    <message>
        <source>The private key cannot be read — download the credentials again</source>
        <translation>La clé privée est illisible — téléchargez à nouveau les identifiants</translation>
    </message>
    <message>
        <source>The private key is not an RSA key, which IMS needs</source>
        <translation>La clé privée n’est pas une clé RSA, or IMS en exige une</translation>
    </message>
    <message>
        <source>The private key is shorter than the Developer Console&apos;s</source>
        <translation>La clé privée est plus courte que celles de la Developer Console</translation>
    </message>
    <message>
        <source>The certificate cannot be read — download the credentials again</source>
        <translation>Le certificat est illisible — téléchargez à nouveau les identifiants</translation>
    </message>
    <message>
        <source>The private key does not belong to the certificate — download the credentials again</source>
        <translation>La clé privée ne correspond pas au certificat — téléchargez à nouveau les identifiants</translation>
    </message>
    <message>
        <source>The certificate was issued to another client</source>
        <translation>Le certificat a été émis pour un autre client</translation>
    </message>
    <message>
        <source>The certificate has expired</source>
        <translation>Le certificat a expiré</translation>
    </message>
    <message>
        <source>The certificate is not valid yet</source>
        <translation>Le certificat n’est pas encore valide</translation>
    </message>
    <message>
        <source>The certificate expires soon</source>
        <translation>Le certificat expire bientôt</translation>
    </message>
    <message>
        <source>The file&apos;s expiry date does not agree with its certificate</source>
        <translation>La date d’expiration du fichier ne concorde pas avec son certificat</translation>
    </message>
    <message>
        <source>This is not an access token — copy it again</source>
        <translation>Ce n’est pas un jeton d’accès — copiez-le à nouveau</translation>
    </message>
    <message>
        <source>The token does not say when it expires</source>
        <translation>Le jeton n’indique pas quand il expire</translation>
    </message>
    <message>
        <source>The token has expired — download a new one from the Developer Console</source>
        <translation>Le jeton a expiré — téléchargez-en un nouveau depuis la Developer Console</translation>
    </message>
    <message>
        <source>The token claims to live far longer than local development tokens do</source>
        <translation>Le jeton prétend vivre bien plus longtemps que les jetons de développement local</translation>
    </message>
</context>
<context>
    <name>aem::ui::AddLocalDialog</name>
    <message>
        <source>Add local AEM SDK</source>
        <translation>Ajouter un SDK AEM local</translation>
    </message>
    <message>
        <source>An AEM project running on this machine (the AEM SDK) needs no access token. Requests go to these URLs, signed in with HTTP Basic if you choose; the password is kept in the keychain only.</source>
        <translation>Un projet AEM qui tourne sur cette machine (le SDK AEM) n&apos;a besoin d&apos;aucun jeton d&apos;accès. Les requêtes vont à ces URL, avec une connexion HTTP Basic si vous le souhaitez ; le mot de passe n&apos;est gardé que dans le trousseau.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>&amp;Author URL:</source>
        <translation>URL de l&apos;&amp;auteur :</translation>
    </message>
    <message>
        <source>Author URL</source>
        <translation>URL de l&apos;auteur</translation>
    </message>
    <message>
        <source>&amp;Publish URL:</source>
        <translation>URL de &amp;publication :</translation>
    </message>
    <message>
        <source>Publish URL</source>
        <translation>URL de publication</translation>
    </message>
    <message>
        <source>&amp;Sign in with HTTP Basic</source>
        <translation>&amp;Se connecter en HTTP Basic</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Utilisateur :</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
</context>
<context>
    <name>aem::ui::AemToolsWindow</name>
    <message>
        <source>AEM APIs</source>
        <translation>API AEM</translation>
    </message>
    <message>
        <source>QueryBuilder</source>
        <translation>QueryBuilder</translation>
    </message>
    <message>
        <source>GraphQL</source>
        <translation>GraphQL</translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>Parcourir</translation>
    </message>
</context>
<context>
    <name>aem::ui::CollectionFile</name>
    <message>
        <source>a body sent from a file cannot be saved in a collection</source>
        <translation>un corps envoyé depuis un fichier ne peut pas être enregistré dans une collection</translation>
    </message>
    <message>
        <source>%1: larger than %2 MiB</source>
        <translation>%1 : plus de %2 Mio</translation>
    </message>
    <message>
        <source>Save to collection</source>
        <translation>Enregistrer dans une collection</translation>
    </message>
    <message>
        <source>HTTP collections (*.http *.rest)</source>
        <translation>Collections HTTP (*.http *.rest)</translation>
    </message>
    <message>
        <source>Request name:</source>
        <translation>Nom de la requête :</translation>
    </message>
    <message>
        <source>Open collection</source>
        <translation>Ouvrir une collection</translation>
    </message>
    <message>
        <source>HTTP collections (*.http *.rest);;All files (*)</source>
        <translation>Collections HTTP (*.http *.rest);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1 holds no request</source>
        <translation>%1 ne contient aucune requête</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>Requête :</translation>
    </message>
    <message>
        <source>Request (kept in the file, not used here: %1):</source>
        <translation>Requête (conservé dans le fichier, non utilisé ici : %1) :</translation>
    </message>
    <message>
        <source>Send the file&apos;s Authorization header?</source>
        <translation>Envoyer l&apos;en-tête Authorization du fichier ?</translation>
    </message>
    <message>
        <source>This request carries its own Authorization header from %1; send it as written to %2, without the token?</source>
        <translation>Cette requête porte son propre en-tête Authorization, venu de %1 ; l&apos;envoyer telle quelle à %2, sans le jeton ?</translation>
    </message>
    <message>
        <source>The secret %1 of the collection %2 is not in the keychain: store it with aemtoken run FILE --store-secret %1</source>
        <translation>Le secret %1 de la collection %2 n&apos;est pas dans le trousseau : enregistrez-le avec aemtoken run FICHIER --store-secret %1</translation>
    </message>
    <message>
        <source>Cannot read the secret %1 of the collection %2 from %3: %4</source>
        <translation>Impossible de lire le secret %1 de la collection %2 dans %3 : %4</translation>
    </message>
    <message>
        <source>Re-run with the token?</source>
        <translation>Relancer avec le jeton ?</translation>
    </message>
    <message>
        <source>This request was sent with the Authorization header written in its collection, which the history does not keep. Make it again with the token of %1 instead?</source>
        <translation>Cette requête a été envoyée avec l’en-tête Authorization écrit dans sa collection, que l’historique ne conserve pas. La refaire plutôt avec le jeton de %1 ?</translation>
    </message>
</context>
<context>
    <name>aem::ui::CompareView</name>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Différence</translation>
    </message>
    <message>
        <source>lines %1 / %2</source>
        <translation>lignes %1 / %2</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>ligne %1</translation>
    </message>
    <message>
        <source>only in %1</source>
        <translation>seulement dans %1</translation>
    </message>
    <message>
        <source>type differs</source>
        <translation>type différent</translation>
    </message>
    <message>
        <source>value differs</source>
        <translation>valeur différente</translation>
    </message>
    <message>
        <source>Compare two answers</source>
        <translation>Comparer deux réponses</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Corps</translation>
    </message>
    <message>
        <source>Response headers of both answers</source>
        <translation>En-têtes de réponse des deux réponses</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>En-têtes</translation>
    </message>
    <message>
        <source>First credential</source>
        <translation>Premier identifiant</translation>
    </message>
    <message>
        <source>Second credential</source>
        <translation>Second identifiant</translation>
    </message>
    <message>
        <source>Swap the two credentials</source>
        <translation>Échanger les deux identifiants</translation>
    </message>
    <message>
        <source>&amp;Send to both</source>
        <translation>&amp;Envoyer aux deux</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Ignore volatile fields</source>
        <translation>Ignorer les champs volatils</translation>
    </message>
    <message>
        <source>Timestamps, replication marks and ids that differ between any two environments, and headers such as Date and Set-Cookie</source>
        <translation>Horodatages, marques de réplication et identifiants qui diffèrent entre deux environnements quels qu’ils soient, et des en-têtes comme Date et Set-Cookie</translation>
    </message>
    <message>
        <source>Ignored keys and paths</source>
        <translation>Clés et chemins ignorés</translation>
    </message>
    <message>
        <source>Keys (jcr:created) or paths ($.hits[*].id), separated by commas; * matches anything</source>
        <translation>Clés (jcr:created) ou chemins ($.hits[*].id), séparés par des virgules ; * remplace n’importe quoi</translation>
    </message>
    <message>
        <source>Ignore values that look like dates</source>
        <translation>Ignorer les valeurs qui ressemblent à des dates</translation>
    </message>
    <message>
        <source>Differences between the bodies</source>
        <translation>Différences entre les corps</translation>
    </message>
    <message>
        <source>Ignore this field</source>
        <translation>Ignorer ce champ</translation>
    </message>
    <message>
        <source>Copy the path</source>
        <translation>Copier le chemin</translation>
    </message>
    <message>
        <source>%1 %2 on the %3 host of each credential</source>
        <translation>%1 %2 sur l’hôte %3 de chaque identifiant</translation>
    </message>
    <message>
        <source>Choose two different credentials.</source>
        <translation>Choisissez deux identifiants différents.</translation>
    </message>
    <message>
        <source>The body is larger than %1: not compared.</source>
        <translation>Le corps dépasse %1 : il n’est pas comparé.</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>En-tête</translation>
    </message>
    <message>
        <source>Differs, ignored as a volatile header</source>
        <translation>Diffère, ignoré comme en-tête volatil</translation>
    </message>
    <message numerus="yes">
        <source>Headers (%n differ)</source>
        <translation>
            <numerusform>En-têtes (%n diffère)</numerusform>
            <numerusform>En-têtes (%n diffèrent)</numerusform>
        </translation>
    </message>
    <message>
        <source>The bodies are the same.</source>
        <translation>Les corps sont identiques.</translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) between the JSON bodies.</source>
        <translation>
            <numerusform>%n différence entre les corps JSON.</numerusform>
            <numerusform>%n différences entre les corps JSON.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) differ, compared as text.</source>
        <translation>
            <numerusform>%n ligne diffère, comparée comme texte.</numerusform>
            <numerusform>%n lignes diffèrent, comparées comme texte.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only %1 answered JSON.</source>
        <translation>Seul %1 a répondu en JSON.</translation>
    </message>
    <message>
        <source>Too different to align: compared line by line.</source>
        <translation>Trop différents pour être alignés : comparés ligne à ligne.</translation>
    </message>
    <message numerus="yes">
        <source>The first %1 are listed, and %n more.</source>
        <translation>
            <numerusform>Les %1 premières sont listées, et %n autre.</numerusform>
            <numerusform>Les %1 premières sont listées, et %n autres.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ignored.</source>
        <translation>
            <numerusform>%n ignorée.</numerusform>
            <numerusform>%n ignorées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Body (%n differ)</source>
        <translation>
            <numerusform>Corps (%n diffère)</numerusform>
            <numerusform>Corps (%n diffèrent)</numerusform>
        </translation>
    </message>
    <message>
        <source>Send the request to both to compare the answers.</source>
        <translation>Envoyez la requête aux deux pour comparer les réponses.</translation>
    </message>
    <message>
        <source>Waiting for both answers…</source>
        <translation>En attente des deux réponses…</translation>
    </message>
    <message>
        <source>Not compared: %1 has no answer.</source>
        <translation>Pas de comparaison : %1 n’a pas de réponse.</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Comparaison…</translation>
    </message>
    <message>
        <source>status %1 and %2</source>
        <translation>statut %1 et %2</translation>
    </message>
    <message numerus="yes">
        <source>%n header(s)</source>
        <translation>
            <numerusform>%n en-tête</numerusform>
            <numerusform>%n en-têtes</numerusform>
        </translation>
    </message>
    <message>
        <source>The bodies are too large to compare.</source>
        <translation>Les corps sont trop volumineux pour être comparés.</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) in the body</source>
        <translation>
            <numerusform>%n endroit du corps</numerusform>
            <numerusform>%n endroits du corps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The answers are the same, but for %n ignored field(s).</source>
        <translation>
            <numerusform>Les réponses sont identiques, hormis %n champ ignoré.</numerusform>
            <numerusform>Les réponses sont identiques, hormis %n champs ignorés.</numerusform>
        </translation>
    </message>
    <message>
        <source>The answers are the same.</source>
        <translation>Les réponses sont identiques.</translation>
    </message>
    <message>
        <source>The answers differ: %1.</source>
        <translation>Les réponses diffèrent : %1.</translation>
    </message>
    <message>
        <source>The comparison options could not be saved to %1.</source>
        <translation>Les options de comparaison n’ont pas pu être enregistrées dans %1.</translation>
    </message>
    <message>
        <source>Nested deeper than %1 levels: compared whole from there.</source>
        <translation>Imbriqué sur plus de %1 niveaux : comparé d’un bloc à partir de là.</translation>
    </message>
</context>
<context>
    <name>aem::ui::ContentBrowser</name>
    <message>
        <source>Assets HTTP API</source>
        <translation>API HTTP Assets</translation>
    </message>
    <message>
        <source>Content listing (.1.json)</source>
        <translation>Liste du contenu (.1.json)</translation>
    </message>
    <message>
        <source>What to browse</source>
        <translation>Quoi parcourir</translation>
    </message>
    <message>
        <source>Start at</source>
        <translation>Commencer à</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Charger</translation>
    </message>
    <message>
        <source>Double-click a folder to list what it holds.</source>
        <translation>Double-cliquez sur un dossier pour lister ce qu’il contient.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 n’est pas un dossier.</translation>
    </message>
    <message>
        <source>%1 is neither an Assets HTTP API path (/api/assets/….json) nor a listing (/content/….1.json).</source>
        <translation>%1 n’est ni un chemin de l’API HTTP Assets (/api/assets/….json) ni une liste (/content/….1.json).</translation>
    </message>
    <message>
        <source>Listing %1…</source>
        <translation>Liste de %1…</translation>
    </message>
    <message>
        <source>AEM answered %1 to %2.</source>
        <translation>AEM a répondu %1 à %2.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n item(s).</source>
        <translation>
            <numerusform>%1 : %n élément.</numerusform>
            <numerusform>%1 : %n éléments.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more not shown.</source>
        <translation>
            <numerusform>%n autre non affiché.</numerusform>
            <numerusform>%n autres non affichés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Folders and items</source>
        <translation>Dossiers et éléments</translation>
    </message>
</context>
<context>
    <name>aem::ui::CopyButton</name>
    <message>
        <source>Copy %1</source>
        <translation>Copier : %1</translation>
    </message>
    <message>
        <source>Copied to the clipboard: %1</source>
        <translation>Copié dans le presse-papiers : %1</translation>
    </message>
</context>
<context>
    <name>aem::ui::CredentialActions</name>
    <message>
        <source>&amp;Get token</source>
        <translation>&amp;Obtenir le jeton</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Use the cached token or mint one (Ctrl+T)</source>
        <translation>Utiliser le jeton en cache ou en obtenir un (Ctrl+T)</translation>
    </message>
    <message>
        <source>&amp;Renew now</source>
        <translation>&amp;Renouveler maintenant</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>Mint a new token now (Ctrl+Shift+T)</source>
        <translation>Obtenir un nouveau jeton maintenant (Ctrl+Maj+T)</translation>
    </message>
    <message>
        <source>Copy &amp;token</source>
        <translation>Copier le &amp;jeton</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the token; cleared from the clipboard after the timeout (Ctrl+Shift+C)</source>
        <translation>Copier le jeton ; effacé du presse-papiers après le délai (Ctrl+Maj+C)</translation>
    </message>
    <message>
        <source>Copy &amp;Authorization header</source>
        <translation>Copier l’en-tête &amp;Authorization</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <source>Copy &quot;Authorization: Bearer …&quot; (Ctrl+Shift+H)</source>
        <translation>Copier « Authorization: Bearer … » (Ctrl+Maj+H)</translation>
    </message>
    <message>
        <source>Copy c&amp;url command</source>
        <translation>Copier la commande c&amp;url</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Copy a curl command for the author&apos;s current user (Ctrl+Shift+U)</source>
        <translation>Copier une commande curl pour l’utilisateur courant de l’auteur (Ctrl+Maj+U)</translation>
    </message>
    <message>
        <source>Open in request &amp;tester</source>
        <translation>Ouvrir dans le &amp;testeur de requêtes</translation>
    </message>
    <message>
        <source>Send requests to this credential&apos;s AEM hosts</source>
        <translation>Envoyer des requêtes aux hôtes AEM de cet identifiant</translation>
    </message>
    <message>
        <source>&amp;Request tester…</source>
        <translation>&amp;Testeur de requêtes…</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Send requests with a credential&apos;s token (Ctrl+R)</source>
        <translation>Envoyer des requêtes avec le jeton d’un identifiant (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Validate with IMS</source>
        <translation>&amp;Valider auprès d’IMS</translation>
    </message>
    <message>
        <source>Ask IMS whether the token is valid</source>
        <translation>Demander à IMS si le jeton est valide</translation>
    </message>
    <message>
        <source>Re&amp;voke token…</source>
        <translation>Ré&amp;voquer le jeton…</translation>
    </message>
    <message>
        <source>Revoke the current token at IMS</source>
        <translation>Révoquer le jeton actuel auprès d’IMS</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>Re&amp;nommer…</translation>
    </message>
    <message>
        <source>Give the credential another name (F2)</source>
        <translation>Donner un autre nom à l’identifiant (F2)</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>Remove the credential and its secrets from the keychain (Delete)</source>
        <translation>Supprimer l’identifiant et ses secrets du trousseau (Suppr)</translation>
    </message>
    <message>
        <source>Tester</source>
        <translation>Testeur</translation>
    </message>
    <message>
        <source>No keychain is running, so the secrets needed to mint a token cannot be read: start GNOME Keyring or KWallet and restart the program</source>
        <translation>Aucun trousseau n’est lancé : les secrets nécessaires pour obtenir un jeton ne peuvent pas être lus ; lancez GNOME Keyring ou KWallet et redémarrez le programme</translation>
    </message>
    <message>
        <source>Select a credential first</source>
        <translation>Sélectionnez d’abord un identifiant</translation>
    </message>
    <message>
        <source>Getting a token…</source>
        <translation>Obtention du jeton…</translation>
    </message>
    <message>
        <source>The credential is no longer stored</source>
        <translation>L’identifiant n’est plus enregistré</translation>
    </message>
    <message>
        <source>A local development token cannot be renewed here: download a new one from the Developer Console</source>
        <translation>Un jeton de développement local ne peut pas être renouvelé ici : téléchargez-en un nouveau depuis la Developer Console</translation>
    </message>
    <message>
        <source>No author URL: set it in the details to copy a curl command</source>
        <translation>Pas d’URL d’auteur : indiquez-la dans les détails pour copier une commande curl</translation>
    </message>
    <message>
        <source>No AEM host: set the author URL in the details first</source>
        <translation>Pas d’hôte AEM : indiquez d’abord l’URL d’auteur dans les détails</translation>
    </message>
    <message>
        <source>Get a token first</source>
        <translation>Obtenez d’abord un jeton</translation>
    </message>
    <message>
        <source>A local development token cannot be revoked here</source>
        <translation>Un jeton de développement local ne peut pas être révoqué ici</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barre d’outils principale</translation>
    </message>
    <message>
        <source>the credential is no longer stored</source>
        <translation>l’identifiant n’est plus enregistré</translation>
    </message>
    <message>
        <source>Renamed %1 to %2</source>
        <translation>%1 renommé en %2</translation>
    </message>
</context>
<context>
    <name>aem::ui::CredentialDetails</name>
    <message>
        <source>Technical account</source>
        <translation>Compte technique</translation>
    </message>
    <message>
        <source>AEM user (grant permissions to)</source>
        <translation>Utilisateur AEM (à qui donner les droits)</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Identifiant client</translation>
    </message>
    <message>
        <source>Metascopes</source>
        <translation>Métascopes</translation>
    </message>
    <message>
        <source>IMS endpoint</source>
        <translation>Point d’accès IMS</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Valide</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Jours restants</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Clé privée</translation>
    </message>
    <message>
        <source>Check the key again</source>
        <translation>Vérifier la clé à nouveau</translation>
    </message>
    <message>
        <source>Rotate the certificate…</source>
        <translation>Renouveler le certificat…</translation>
    </message>
    <message>
        <source>A guided rotation: add a certificate in the Developer Console, import, test, switch</source>
        <translation>Un renouvellement guidé : ajouter un certificat dans la Developer Console, importer, tester, basculer</translation>
    </message>
    <message>
        <source>Local development token</source>
        <translation>Jeton de développement local</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Program / environment</source>
        <translation>Programme / environnement</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Save URLs</source>
        <translation>Enregistrer les URL</translation>
    </message>
    <message>
        <source>For a local AEM SDK or the sandbox. The token is only sent to these hosts.</source>
        <translation>Pour un SDK AEM local ou le bac à sable. Le jeton n’est envoyé qu’à ces hôtes.</translation>
    </message>
    <message>
        <source>Metascopes:</source>
        <translation>Métascopes :</translation>
    </message>
    <message>
        <source>Scopes:</source>
        <translation>Portées :</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>du %1 au %2</translation>
    </message>
    <message>
        <source>expired %1 ago — IMS refuses it; add a certificate in the Developer Console</source>
        <translation>expiré depuis %1 — IMS le refuse ; ajoutez un certificat dans la Developer Console</translation>
    </message>
    <message>
        <source>matches the certificate (checked at import)</source>
        <translation>correspond au certificat (vérifié à l’import)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>not derived (set the URLs below)</source>
        <translation>non déduit (renseignez les URL ci-dessous)</translation>
    </message>
    <message>
        <source>%1 URL %2</source>
        <translation>URL %1 : %2</translation>
    </message>
    <message>
        <source>Saved the URLs of %1</source>
        <translation>URL de %1 enregistrées</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>vérification…</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>illisible</translation>
    </message>
    <message>
        <source>matches the certificate (checked just now)</source>
        <translation>correspond au certificat (vérifié à l’instant)</translation>
    </message>
    <message>
        <source>DOES NOT MATCH the certificate: import the credential again</source>
        <translation>NE CORRESPOND PAS au certificat : importez à nouveau les identifiants</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1 :</translation>
    </message>
    <message>
        <source>Environment type</source>
        <translation>Type d’environnement</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
    <message>
        <source>Local AEM target</source>
        <translation>Cible AEM locale</translation>
    </message>
    <message>
        <source>Sign-in user</source>
        <translation>Utilisateur de connexion</translation>
    </message>
    <message>
        <source>No access token is needed: requests go straight to this AEM.</source>
        <translation>Aucun jeton d’accès n’est nécessaire : les requêtes vont directement à cet AEM.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>no sign-in</source>
        <translation>sans connexion</translation>
    </message>
    <message>
        <source>not set; the name or hosts suggest %1</source>
        <translation>non choisi ; le nom ou les hôtes suggèrent %1</translation>
    </message>
    <message>
        <source>Choose it under Token › Environment type, or in the credential&apos;s context menu</source>
        <translation>Choisissez-le dans Jeton › Type d’environnement, ou dans le menu contextuel de l’identifiant</translation>
    </message>
    <message>
        <source>expires today</source>
        <translation>expire aujourd’hui</translation>
    </message>
    <message>
        <source>expired today — IMS refuses it; add a certificate in the Developer Console</source>
        <translation>expiré aujourd’hui — IMS le refuse ; ajoutez un certificat dans la Developer Console</translation>
    </message>
</context>
<context>
    <name>aem::ui::CredentialFilter</name>
    <message>
        <source>Filter credentials (%1)</source>
        <translation>Filtrer les identifiants (%1)</translation>
    </message>
    <message>
        <source>Filter credentials</source>
        <translation>Filtrer les identifiants</translation>
    </message>
    <message>
        <source>Shows the credentials whose name, program (p1234), environment (e5678), type, kind or host contain every word typed. Esc clears it.</source>
        <translation>Montre les identifiants dont le nom, le programme (p1234), l’environnement (e5678), le type d’environnement, le type d’identifiant ou l’hôte contiennent chacun des mots tapés. Échap efface le filtre.</translation>
    </message>
    <message>
        <source>&amp;Filter credentials</source>
        <translation>&amp;Filtrer les identifiants</translation>
    </message>
    <message>
        <source>&amp;Group by program</source>
        <translation>&amp;Grouper par programme</translation>
    </message>
    <message>
        <source>Orders the list by program, then environment; the program is shown once per group</source>
        <translation>Range la liste par programme, puis par environnement ; le programme n’est indiqué qu’une fois par groupe</translation>
    </message>
    <message>
        <source>No credential matches “%1”</source>
        <translation>Aucun identifiant ne correspond à « %1 »</translation>
    </message>
</context>
<context>
    <name>aem::ui::DeleteFileOption</name>
    <message>
        <source>&amp;Delete the file after import (%1)</source>
        <translation>&amp;Supprimer le fichier après l&apos;import (%1)</translation>
    </message>
    <message>
        <source>The file holds the private key or client secret in plain text. Deleting it removes it from the folder but cannot scrub its contents from an SSD, a backup or a snapshot.</source>
        <translation>Le fichier contient la clé privée ou le secret client en clair. Le supprimer l&apos;enlève du dossier mais ne peut pas effacer son contenu d&apos;un SSD, d&apos;une sauvegarde ou d&apos;un instantané.</translation>
    </message>
</context>
<context>
    <name>aem::ui::DesktopIntegration</name>
    <message>
        <source>Credential files in Downloads are not offered: %1</source>
        <translation>Les fichiers d&apos;identifiants des Téléchargements ne sont pas proposés : %1</translation>
    </message>
    <message>
        <source>Cannot start at login: %1</source>
        <translation>Impossible de démarrer à la connexion : %1</translation>
    </message>
    <message>
        <source>Cannot stop starting at login: %1</source>
        <translation>Impossible de ne plus démarrer à la connexion : %1</translation>
    </message>
    <message>
        <source>Credential file in Downloads</source>
        <translation>Fichier d&apos;identifiants dans Téléchargements</translation>
    </message>
    <message>
        <source>%1 is a Developer Console credential file: open the window to import it.</source>
        <translation>%1 est un fichier d&apos;identifiants de la Developer Console : ouvrez la fenêtre pour l&apos;importer.</translation>
    </message>
    <message>
        <source>Still running in the tray: tokens keep being renewed. Choose Quit in the tray menu to end the program, or turn this off in Settings.</source>
        <translation>Toujours actif dans la zone de notification : les jetons continuent d&apos;être renouvelés. Choisissez Quitter dans le menu de l&apos;icône pour arrêter le programme, ou désactivez ce comportement dans les Paramètres.</translation>
    </message>
</context>
<context>
    <name>aem::ui::Dialogs</name>
    <message>
        <source>Proxy sign-in</source>
        <translation>Identification auprès du proxy</translation>
    </message>
    <message>
        <source>The proxy %1 asks you to sign in.</source>
        <translation>Le proxy %1 vous demande de vous identifier.</translation>
    </message>
    <message>
        <source>The proxy %1 asks you to sign in (%2).</source>
        <translation>Le proxy %1 vous demande de vous identifier (%2).</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Nom d’utilisateur du proxy</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Mot de passe du proxy</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nom d’&amp;utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Mot de &amp;passe :</translation>
    </message>
    <message>
        <source>Kept in memory until the program quits; never written to disk.</source>
        <translation>Gardé en mémoire jusqu’à la fermeture du programme ; jamais écrit sur le disque.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>S’identifier</translation>
    </message>
</context>
<context>
    <name>aem::ui::DownloadOffer</name>
    <message>
        <source>Credential file in Downloads</source>
        <translation>Fichier d&apos;identifiants dans Téléchargements</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <source>&quot;%1&quot; in Downloads is a Developer Console credential file. Import it into the keychain? The file is then deleted, so no key is left lying in Downloads.</source>
        <translation>« %1 » dans Téléchargements est un fichier d&apos;identifiants de la Developer Console. L&apos;importer dans le trousseau ? Le fichier est ensuite supprimé, pour qu&apos;aucune clé ne traîne dans Téléchargements.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; in Downloads is a Developer Console credential file. Import it into the keychain?</source>
        <translation>« %1 » dans Téléchargements est un fichier d&apos;identifiants de la Developer Console. L&apos;importer dans le trousseau ?</translation>
    </message>
    <message>
        <source>&amp;Import and delete…</source>
        <translation>&amp;Importer et supprimer…</translation>
    </message>
</context>
<context>
    <name>aem::ui::EnvTypeMenu</name>
    <message>
        <source>&amp;Environment type</source>
        <translation>Type d’&amp;environnement</translation>
    </message>
    <message>
        <source>&amp;Development</source>
        <translation>&amp;Développement</translation>
    </message>
    <message>
        <source>&amp;Stage</source>
        <translation>&amp;Stage (préproduction)</translation>
    </message>
    <message>
        <source>&amp;Production</source>
        <translation>&amp;Production</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>&amp;Aucun</translation>
    </message>
    <message>
        <source>The request tester asks before sending anything but GET, HEAD or OPTIONS</source>
        <translation>Le testeur de requêtes demande confirmation avant d’envoyer autre chose que GET, HEAD ou OPTIONS</translation>
    </message>
    <message>
        <source>Select a credential first</source>
        <translation>Sélectionnez d’abord un identifiant</translation>
    </message>
    <message>
        <source>Environment type of %1 not changed: %2</source>
        <translation>Type d’environnement de %1 inchangé : %2</translation>
    </message>
    <message>
        <source>%1 has no environment type now</source>
        <translation>%1 n’a plus de type d’environnement</translation>
    </message>
    <message>
        <source>%1 is a %2 credential now</source>
        <translation>%1 est maintenant un identifiant de type %2</translation>
    </message>
</context>
<context>
    <name>aem::ui::ErrorBanner</name>
    <message>
        <source>Dismiss the error</source>
        <translation>Fermer l’erreur</translation>
    </message>
</context>
<context>
    <name>aem::ui::GraphqlPanel</name>
    <message>
        <source>GraphQL endpoint</source>
        <translation>Point d’accès GraphQL</translation>
    </message>
    <message>
        <source>&amp;List endpoints</source>
        <translation>&amp;Lister les points d’accès</translation>
    </message>
    <message>
        <source>GraphQL query</source>
        <translation>Requête GraphQL</translation>
    </message>
    <message>
        <source>Variables (a JSON object)</source>
        <translation>Variables (un objet JSON)</translation>
    </message>
    <message>
        <source>Variables, a JSON object: {&quot;slug&quot;: &quot;bali&quot;}</source>
        <translation>Variables, un objet JSON : {&quot;slug&quot;: &quot;bali&quot;}</translation>
    </message>
    <message>
        <source>&amp;Run query</source>
        <translation>&amp;Exécuter la requête</translation>
    </message>
    <message>
        <source>Persisted query</source>
        <translation>Requête persistée</translation>
    </message>
    <message>
        <source>configuration/query</source>
        <translation>configuration/requête</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Paramètre</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Run &amp;persisted query</source>
        <translation>Exécuter la requête &amp;persistée</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Persisted query (/graphql/execute.json/…)</source>
        <translation>Requête persistée (/graphql/execute.json/…)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Listing the endpoints…</source>
        <translation>Liste des points d’accès…</translation>
    </message>
    <message>
        <source>AEM answered %1 to %2.</source>
        <translation>AEM a répondu %1 à %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n endpoint(s).</source>
        <translation>
            <numerusform>%n point d’accès.</numerusform>
            <numerusform>%n points d’accès.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose an endpoint path, such as %1.</source>
        <translation>Choisissez le chemin d’un point d’accès, par exemple %1.</translation>
    </message>
    <message>
        <source>Running the query…</source>
        <translation>Exécution de la requête…</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>Exécution de %1…</translation>
    </message>
    <message>
        <source>GraphQL errors: %1</source>
        <translation>Erreurs GraphQL : %1</translation>
    </message>
    <message>
        <source>AEM answered %1.</source>
        <translation>AEM a répondu %1.</translation>
    </message>
    <message>
        <source>Answered %1.</source>
        <translation>Réponse %1.</translation>
    </message>
    <message>
        <source>Persisted queries AEM has</source>
        <translation>Requêtes persistantes présentes dans AEM</translation>
    </message>
    <message>
        <source>List them first</source>
        <translation>Listez-les d’abord</translation>
    </message>
    <message>
        <source>List persisted &amp;queries</source>
        <translation>Lister les re&amp;quêtes persistantes</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Enregistrées</translation>
    </message>
    <message>
        <source>AEM has no GraphQL endpoint under /content/cq:graphql: create one in Tools › General › GraphQL.</source>
        <translation>AEM n’a aucun point de terminaison GraphQL sous /content/cq:graphql : créez-en un dans Outils › Général › GraphQL.</translation>
    </message>
    <message>
        <source>Listing the persisted queries…</source>
        <translation>Liste des requêtes persistantes…</translation>
    </message>
    <message numerus="yes">
        <source>%n persisted query(ies).</source>
        <translation>
            <numerusform>%n requête persistante.</numerusform>
            <numerusform>%n requêtes persistantes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n left out: %1</source>
        <translation>
            <numerusform>%n écartée : %1</numerusform>
            <numerusform>%n écartées : %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 needs %2: fill in the value, then run it.</source>
        <translation>%1 a besoin de %2 : saisissez la valeur, puis exécutez-la.</translation>
    </message>
    <message>
        <source>Persisted query parameters</source>
        <translation>Paramètres de la requête persistante</translation>
    </message>
</context>
<context>
    <name>aem::ui::ImportDialog</name>
    <message>
        <source>Client id</source>
        <translation>Identifiant client</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Technical account</source>
        <translation>Compte technique</translation>
    </message>
    <message>
        <source>AEM user</source>
        <translation>Utilisateur AEM</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Metascopes</source>
        <translation>Métascopes</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Clé privée</translation>
    </message>
    <message>
        <source>RSA %1 bits, matches the certificate</source>
        <translation>RSA %1 bits, correspond au certificat</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Portées</translation>
    </message>
    <message>
        <source>Client secrets</source>
        <translation>Secrets client</translation>
    </message>
    <message>
        <source>%1, tried in order</source>
        <translation>%1, essayés dans l’ordre</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <source>Into the keychain: the client secrets. Everything else (nothing secret) goes into the credential list.</source>
        <translation>Dans le trousseau : les secrets client. Tout le reste (rien de secret) va dans la liste des identifiants.</translation>
    </message>
    <message>
        <source>Into the keychain: the private key and the client secret. Everything else (nothing secret) goes into the credential list.</source>
        <translation>Dans le trousseau : la clé privée et le secret client. Tout le reste (rien de secret) va dans la liste des identifiants.</translation>
    </message>
    <message>
        <source>Into the keychain: the token. Its user and expiry go into the credential list.</source>
        <translation>Dans le trousseau : le jeton. Son utilisateur et son expiration vont dans la liste des identifiants.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Author URL</source>
        <translation>URL Author</translation>
    </message>
    <message>
        <source>derived from the client id; set for a local SDK or the sandbox</source>
        <translation>déduite de l’identifiant client ; à renseigner pour un SDK local ou le bac à sable</translation>
    </message>
    <message>
        <source>the author URL this token is for, e.g. https://author-p1-e2.adobeaemcloud.com</source>
        <translation>l’URL Author de ce jeton, par ex. https://author-p1-e2.adobeaemcloud.com</translation>
    </message>
    <message>
        <source>Author URL:</source>
        <translation>URL Author :</translation>
    </message>
    <message>
        <source>This replaces &quot;%1&quot;, the same %2, instead of adding a duplicate.</source>
        <translation>Ceci remplace « %1 », même %2, au lieu d’ajouter un doublon.</translation>
    </message>
    <message>
        <source>client id</source>
        <translation>identifiant client</translation>
    </message>
    <message>
        <source>local development token</source>
        <translation>jeton de développement local</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Remplacer</translation>
    </message>
    <message>
        <source>Name: &quot;%1&quot; is already taken by another credential.</source>
        <translation>Nom : « %1 » est déjà pris par d’autres identifiants.</translation>
    </message>
    <message>
        <source>Author URL %1.</source>
        <translation>URL Author : %1.</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1 :</translation>
    </message>
    <message>
        <source>Import credentials</source>
        <translation>Importer des identifiants</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;, read from %2:</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;, lus depuis %2 :</translation>
    </message>
    <message>
        <source>OAuth Server-to-Server credentials</source>
        <translation>Identifiants OAuth Server-to-Server</translation>
    </message>
    <message>
        <source>Service credentials</source>
        <translation>Identifiants de service</translation>
    </message>
    <message>
        <source>A local development token</source>
        <translation>Un jeton de développement local</translation>
    </message>
    <message>
        <source>CN=%1, valid until %2 (%3)</source>
        <translation>CN=%1, valide jusqu’au %2 (%3)</translation>
    </message>
    <message>
        <source>CN=%1, expired on %2 (%3)</source>
        <translation>CN=%1, expiré le %2 (%3)</translation>
    </message>
    <message>
        <source>Name: %1.</source>
        <translation>Nom : %1.</translation>
    </message>
    <message>
        <source>What the file holds</source>
        <translation>Contenu du fichier</translation>
    </message>
</context>
<context>
    <name>aem::ui::JsonTreeView</name>
    <message>
        <source>Filter by key, or by JSONPath such as $.hits[*].path</source>
        <translation>Filtrer par clé, ou par JSONPath comme $.hits[*].path</translation>
    </message>
    <message>
        <source>Filter the tree</source>
        <translation>Filtrer l’arbre</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>Tout déplier</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>Tout replier</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n correspondance</numerusform>
            <numerusform>%n correspondances</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Copier le chemin</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>Copier la valeur</translation>
    </message>
    <message>
        <source>JSON tree</source>
        <translation>Arbre JSON</translation>
    </message>
</context>
<context>
    <name>aem::ui::MainWindow</name>
    <message>
        <source>AEM Token Manager</source>
        <translation>Gestionnaire de jetons AEM</translation>
    </message>
    <message>
        <source>Stored credentials</source>
        <translation>Identifiants enregistrés</translation>
    </message>
    <message>
        <source>Cleared the copied secret from the clipboard</source>
        <translation>Secret copié effacé du presse-papiers</translation>
    </message>
    <message>
        <source>Renewing the token of %1…</source>
        <translation>Renouvellement du jeton de %1…</translation>
    </message>
    <message>
        <source>Renewed the token of %1</source>
        <translation>Jeton de %1 renouvelé</translation>
    </message>
    <message>
        <source>Automatic renewal of %1 failed: %2</source>
        <translation>Le renouvellement automatique de %1 a échoué : %2</translation>
    </message>
    <message>
        <source>Sandbox running at %1 with demo credentials</source>
        <translation>Bac à sable actif sur %1 avec des identifiants de démonstration</translation>
    </message>
    <message>
        <source>The sandbox could not start: %1</source>
        <translation>Le bac à sable n’a pas pu démarrer : %1</translation>
    </message>
    <message>
        <source>Sandbox: a separate store with demo credentials; your own credentials are not shown here.</source>
        <translation>Bac à sable : un stockage séparé avec des identifiants de démonstration ; vos propres identifiants n’apparaissent pas ici.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>&amp;Paste credentials</source>
        <translation>&amp;Coller des identifiants</translation>
    </message>
    <message>
        <source>Paste &amp;box…</source>
        <translation>Zone de c&amp;ollage…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+V</source>
        <translation>Ctrl+Shift+V</translation>
    </message>
    <message>
        <source>New &amp;OAuth Server-to-Server credentials…</source>
        <translation>Nouveaux identifiants &amp;OAuth Server-to-Server…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Para&amp;mètres…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Jeton</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>O&amp;utils</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Try the &amp;sandbox</source>
        <translation>Essayer le &amp;bac à sable</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>À &amp;propos</translation>
    </message>
    <message>
        <source>About AEM Token Manager</source>
        <translation>À propos du Gestionnaire de jetons AEM</translation>
    </message>
    <message>
        <source>&lt;b&gt;AEM Token Manager&lt;/b&gt; %1&lt;br&gt;Access tokens for AEM as a Cloud Service, with secrets kept in the system keychain.</source>
        <translation>&lt;b&gt;Gestionnaire de jetons AEM&lt;/b&gt; %1&lt;br&gt;Jetons d’accès pour AEM as a Cloud Service, secrets conservés dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Import credentials</source>
        <translation>Importer des identifiants</translation>
    </message>
    <message>
        <source>Developer Console JSON (*.json);;All files (*)</source>
        <translation>JSON de la Developer Console (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>The clipboard holds no text: copy the JSON from the Developer Console first.</source>
        <translation>Le presse-papiers ne contient pas de texte : copiez d’abord le JSON depuis la Developer Console.</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>le presse-papiers</translation>
    </message>
    <message>
        <source>the paste box</source>
        <translation>la zone de collage</translation>
    </message>
    <message>
        <source>the form</source>
        <translation>le formulaire</translation>
    </message>
    <message>
        <source>Cannot import %1: %2</source>
        <translation>Impossible d’importer %1 : %2</translation>
    </message>
    <message>
        <source>Finish the import in progress first.</source>
        <translation>Terminez d’abord l’import en cours.</translation>
    </message>
    <message>
        <source>Cannot import %1: larger than 1 MiB; credential files are a few kilobytes</source>
        <translation>Impossible d’importer %1 : plus de 1 Mio ; un fichier d’identifiants fait quelques kilo-octets</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>Rien n’a été importé : %1</translation>
    </message>
    <message>
        <source>Replaced %1</source>
        <translation>%1 remplacé</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>%1 importé</translation>
    </message>
    <message>
        <source>Remove credential</source>
        <translation>Supprimer les identifiants</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot; and its secrets from the keychain? Tokens already handed out stay valid until they expire.</source>
        <translation>Supprimer « %1 » et ses secrets du trousseau ? Les jetons déjà délivrés restent valides jusqu’à leur expiration.</translation>
    </message>
    <message>
        <source>Could not remove %1: %2</source>
        <translation>Impossible de supprimer %1 : %2</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>%1 supprimé</translation>
    </message>
    <message>
        <source>Rotated the certificate of %1; revoke the old one in the Developer Console</source>
        <translation>Certificat de %1 renouvelé ; révoquez l’ancien dans la Developer Console</translation>
    </message>
    <message>
        <source>Asking IMS about the token of %1…</source>
        <translation>Interrogation d’IMS sur le jeton de %1…</translation>
    </message>
    <message>
        <source>Could not validate the token of %1: %2</source>
        <translation>Impossible de valider le jeton de %1 : %2</translation>
    </message>
    <message>
        <source>IMS says the token of %1 is not valid (%2). Renew it.</source>
        <translation>Selon IMS, le jeton de %1 n’est pas valide (%2). Renouvelez-le.</translation>
    </message>
    <message>
        <source>IMS confirms the token of %1 is valid</source>
        <translation>IMS confirme que le jeton de %1 est valide</translation>
    </message>
    <message>
        <source>Revoke token</source>
        <translation>Révoquer le jeton</translation>
    </message>
    <message>
        <source>Revoke the current token of &quot;%1&quot; at IMS? Programs using it lose access; the next request mints a new token.

%2</source>
        <translation>Révoquer auprès d’IMS le jeton actuel de « %1 » ? Les programmes qui l’utilisent perdent l’accès ; la prochaine requête en créera un nouveau.

%2</translation>
    </message>
    <message>
        <source>Could not revoke: %1</source>
        <translation>Révocation impossible : %1</translation>
    </message>
    <message>
        <source>the dropped text</source>
        <translation>le texte déposé</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was removed from the store</source>
        <translation>« %1 » a été supprimé du stockage</translation>
    </message>
    <message>
        <source>Sandbox — %1</source>
        <translation>Bac à sable — %1</translation>
    </message>
    <message>
        <source>The sandbox stopped: %1. Its demo credentials cannot get tokens until the window is started again with --sandbox.</source>
        <translation>Le bac à sable s’est arrêté : %1. Ses identifiants de démonstration ne peuvent plus obtenir de jeton tant que la fenêtre n’est pas relancée avec --sandbox.</translation>
    </message>
    <message>
        <source>Token and details of the selected credential</source>
        <translation>Jeton et détails de l’identifiant sélectionné</translation>
    </message>
    <message>
        <source>Replaced %1 and deleted %2</source>
        <translation>%1 remplacé et %2 supprimé</translation>
    </message>
    <message>
        <source>Imported %1 and deleted %2</source>
        <translation>%1 importé et %2 supprimé</translation>
    </message>
    <message>
        <source>Imported %1, but the file was not deleted: %2</source>
        <translation>%1 importé, mais le fichier n&apos;a pas été supprimé : %2</translation>
    </message>
    <message>
        <source>Cannot import %1</source>
        <translation>Impossible d’importer %1</translation>
    </message>
    <message>
        <source>Too many files are waiting to be imported; %1 was not opened</source>
        <translation>Trop de fichiers attendent d’être importés ; %1 n’a pas été ouvert</translation>
    </message>
    <message>
        <source>Imported %1 and deleted %2, but another name (a hard link) still holds the same file</source>
        <translation>%1 importé et %2 supprimé, mais un autre nom (un lien physique) donne encore accès au même fichier</translation>
    </message>
    <message>
        <source>Added %1</source>
        <translation>%1 ajouté</translation>
    </message>
    <message>
        <source>Add &amp;local AEM SDK…</source>
        <translation>Ajouter un SDK AEM &amp;local…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Affic&amp;hage</translation>
    </message>
    <message>
        <source>Starting the sandbox: a local IMS and AEM with demo credentials…</source>
        <translation>Démarrage du bac à sable : un IMS et un AEM locaux avec des identifiants de démonstration…</translation>
    </message>
    <message>
        <source>Automatic renewal of %1 failed: select it to see why</source>
        <translation>Le renouvellement automatique de %1 a échoué : sélectionnez-le pour savoir pourquoi</translation>
    </message>
</context>
<context>
    <name>aem::ui::OAuthForm</name>
    <message>
        <source>%1:</source>
        <translation>%1 :</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Identifiant client</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secret client</translation>
    </message>
    <message>
        <source>Previous secret (optional)</source>
        <translation>Secret précédent (facultatif)</translation>
    </message>
    <message>
        <source>Organization id</source>
        <translation>Identifiant d’organisation</translation>
    </message>
    <message>
        <source>Technical account id</source>
        <translation>Identifiant du compte technique</translation>
    </message>
    <message>
        <source>Technical account email</source>
        <translation>E-mail du compte technique</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Portées</translation>
    </message>
    <message>
        <source>IMS endpoint</source>
        <translation>Point d’accès IMS</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <source>Enter OAuth credentials</source>
        <translation>Saisir des identifiants OAuth</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>optional; suggested from the organization</source>
        <translation>facultatif ; proposé d’après l’organisation</translation>
    </message>
    <message>
        <source>Author URL</source>
        <translation>URL de l’instance Author</translation>
    </message>
    <message>
        <source>optional, e.g. https://author-p1234-e5678.adobeaemcloud.com</source>
        <translation>facultatif, p. ex. https://author-p1234-e5678.adobeaemcloud.com</translation>
    </message>
</context>
<context>
    <name>aem::ui::PasteBox</name>
    <message>
        <source>Paste credentials</source>
        <translation>Coller des identifiants</translation>
    </message>
    <message>
        <source>Paste the JSON of service credentials or of a local development token here.</source>
        <translation>Collez ici le JSON d’identifiants de service ou d’un jeton de développement local.</translation>
    </message>
    <message>
        <source>Credential JSON</source>
        <translation>JSON des identifiants</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lire</translation>
    </message>
</context>
<context>
    <name>aem::ui::QueryBuilderPanel</name>
    <message>
        <source>Property</source>
        <translation>Propriété</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Property = value</source>
        <translation>Propriété = valeur</translation>
    </message>
    <message>
        <source>all</source>
        <translation>tout</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>Décroissant</translation>
    </message>
    <message>
        <source>&amp;Run query</source>
        <translation>&amp;Exécuter la requête</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Propriétés</translation>
    </message>
    <message>
        <source>Full text</source>
        <translation>Texte intégral</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limite</translation>
    </message>
    <message>
        <source>Order by</source>
        <translation>Trier par</translation>
    </message>
    <message>
        <source>Querying…</source>
        <translation>Requête en cours…</translation>
    </message>
    <message>
        <source>AEM answered %1: %2</source>
        <translation>AEM a répondu %1 : %2</translation>
    </message>
    <message>
        <source>see the request tester</source>
        <translation>voir le testeur de requêtes</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s).</source>
        <translation>
            <numerusform>%n résultat.</numerusform>
            <numerusform>%n résultats.</numerusform>
        </translation>
    </message>
    <message>
        <source>Guess the total (faster on large results)</source>
        <translation>Estimer le total (plus rapide sur de gros résultats)</translation>
    </message>
    <message>
        <source>p.guessTotal=true: AEM stops counting early, so the total may say &quot;more than&quot;.</source>
        <translation>p.guessTotal=true : AEM s’arrête tôt de compter, le total peut donc indiquer « plus de ».</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Précédent</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Suivant</translation>
    </message>
    <message>
        <source>No hits from hit %1 on.</source>
        <translation>Aucun résultat à partir du résultat %1.</translation>
    </message>
    <message>
        <source>No hits.</source>
        <translation>Aucun résultat.</translation>
    </message>
    <message>
        <source>Hits %1–%2 of more than %3.</source>
        <translation>Résultats %1 à %2 sur plus de %3.</translation>
    </message>
    <message>
        <source>Hits %1–%2 of %3.</source>
        <translation>Résultats %1 à %2 sur %3.</translation>
    </message>
    <message>
        <source>%1 is not a path on this AEM: not opened.</source>
        <translation>%1 n’est pas un chemin sur cet AEM : non ouvert.</translation>
    </message>
    <message numerus="yes">
        <source>AEM sent %n hit(s) more than asked: not shown.</source>
        <translation>
            <numerusform>AEM a envoyé %n résultat de plus que demandé : non affiché.</numerusform>
            <numerusform>AEM a envoyé %n résultats de plus que demandé : non affichés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more key(s) not shown as columns.</source>
        <translation>
            <numerusform>%n autre clé non affichée en colonne.</numerusform>
            <numerusform>%n autres clés non affichées en colonnes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Résultats</translation>
    </message>
</context>
<context>
    <name>aem::ui::RenameDialog</name>
    <message>
        <source>Rename credential</source>
        <translation>Renommer l’identifiant</translation>
    </message>
    <message>
        <source>The name is what aemtoken takes on the command line. Tokens, the default credential and the request history follow the rename.</source>
        <translation>Le nom est celui que prend aemtoken en ligne de commande. Les jetons, l’identifiant par défaut et l’historique des requêtes suivent le changement de nom.</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>Nouveau nom</translation>
    </message>
    <message>
        <source>&amp;New name:</source>
        <translation>&amp;Nouveau nom :</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Renommer</translation>
    </message>
</context>
<context>
    <name>aem::ui::RequestBodyEditor</name>
    <message>
        <source>Body type</source>
        <translation>Type de corps</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Form (URL-encoded)</source>
        <translation>Formulaire (encodé URL)</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Type :</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Corps de la requête</translation>
    </message>
    <message>
        <source>Body file</source>
        <translation>Fichier de corps</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>Aucun fichier choisi</translation>
    </message>
    <message>
        <source>C&amp;hoose file…</source>
        <translation>C&amp;hoisir un fichier…</translation>
    </message>
    <message>
        <source>{&quot;title&quot;: &quot;A page&quot;}</source>
        <translation>{&quot;title&quot;: &quot;Une page&quot;}</translation>
    </message>
    <message>
        <source>name=value&amp;other=value</source>
        <translation>nom=valeur&amp;autre=valeur</translation>
    </message>
    <message>
        <source>Any text, sent as UTF-8</source>
        <translation>Tout texte, envoyé en UTF-8</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1, sent as %2, read from the disk as it goes</source>
        <translation>%1, envoyé comme %2, lu sur le disque au fil de l’envoi</translation>
    </message>
</context>
<context>
    <name>aem::ui::RequestHistoryView</name>
    <message>
        <source>Search history</source>
        <translation>Rechercher dans l’historique</translation>
    </message>
    <message>
        <source>Request history</source>
        <translation>Historique des requêtes</translation>
    </message>
    <message>
        <source>&amp;Re-run</source>
        <translation>&amp;Relancer</translation>
    </message>
    <message>
        <source>Send this request again, to the same host (Enter or double click)</source>
        <translation>Envoyer de nouveau cette requête, au même hôte (Entrée ou double clic)</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Charger</translation>
    </message>
    <message>
        <source>Put this request in the editor without sending it</source>
        <translation>Mettre cette requête dans l’éditeur sans l’envoyer</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historique</translation>
    </message>
</context>
<context>
    <name>aem::ui::RequestTester</name>
    <message>
        <source>Who am I (current user)</source>
        <translation>Qui suis-je (utilisateur actuel)</translation>
    </message>
    <message>
        <source>Session info</source>
        <translation>Informations de session</translation>
    </message>
    <message>
        <source>DAM root</source>
        <translation>Racine DAM</translation>
    </message>
    <message>
        <source>Assets HTTP API</source>
        <translation>API HTTP Assets</translation>
    </message>
    <message>
        <source>GraphQL endpoints</source>
        <translation>Points d’accès GraphQL</translation>
    </message>
    <message>
        <source>Request tester</source>
        <translation>Testeur de requêtes</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>Identifiants</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Target host</source>
        <translation>Hôte cible</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Path or URL</source>
        <translation>Chemin ou URL</translation>
    </message>
    <message>
        <source>/path on the target, or a full URL</source>
        <translation>/chemin sur la cible, ou une URL complète</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Send (Ctrl+Return)</source>
        <translation>Envoyer (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Test &amp;connection</source>
        <translation>Tester la &amp;connexion</translation>
    </message>
    <message>
        <source>Ask AEM who it thinks you are</source>
        <translation>Demander à AEM qui vous êtes selon lui</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>Préréglages…</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Copier en curl</translation>
    </message>
    <message>
        <source>With the token as $AEM_TOKEN</source>
        <translation>Avec le jeton dans $AEM_TOKEN</translation>
    </message>
    <message>
        <source>With the token inline…</source>
        <translation>Avec le jeton en clair…</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Paramètre</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>En-tête</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>En-têtes</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Corps</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>Choose a credential first.</source>
        <translation>Choisissez d’abord des identifiants.</translation>
    </message>
    <message>
        <source>Enter a path such as /content/dam.json, or a full URL.</source>
        <translation>Saisissez un chemin comme /content/dam.json, ou une URL complète.</translation>
    </message>
    <message>
        <source>%1 has no %2 URL: set it in the credential&apos;s details.</source>
        <translation>%1 n’a pas d’URL %2 : renseignez-la dans le détail des identifiants.</translation>
    </message>
    <message>
        <source>Send the token to another host?</source>
        <translation>Envoyer le jeton à un autre hôte ?</translation>
    </message>
    <message>
        <source>%1 is not one of the hosts of %2. Send its access token to %1?

Anyone running %1 could then act as this credential until the token expires.</source>
        <translation>%1 n’est pas un des hôtes de %2. Lui envoyer son jeton d’accès ?

Quiconque exploite %1 pourrait alors agir avec ces identifiants jusqu’à l’expiration du jeton.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Non envoyé : %1</translation>
    </message>
    <message>
        <source>Getting the token…</source>
        <translation>Obtention du jeton…</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Non envoyé</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi…</translation>
    </message>
    <message>
        <source>%1 %2 — receiving…</source>
        <translation>%1 %2 — réception…</translation>
    </message>
    <message>
        <source>%1 %2 · %3 ms · %4</source>
        <translation>%1 %2 · %3 ms · %4</translation>
    </message>
    <message>
        <source>No answer · %1 ms</source>
        <translation>Pas de réponse · %1 ms</translation>
    </message>
    <message>
        <source>The history could not be saved: %1</source>
        <translation>L’historique n’a pas pu être enregistré : %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Copied a curl command; it expects the token in $AEM_TOKEN (aemtoken token %1)</source>
        <translation>Commande curl copiée ; elle attend le jeton dans $AEM_TOKEN (aemtoken token %1)</translation>
    </message>
    <message>
        <source>Copy with the token inline?</source>
        <translation>Copier avec le jeton en clair ?</translation>
    </message>
    <message>
        <source>The command will contain the access token itself. Anyone who sees it can use the token until it expires.</source>
        <translation>La commande contiendra le jeton d’accès lui-même. Quiconque la voit peut utiliser le jeton jusqu’à son expiration.</translation>
    </message>
    <message>
        <source>Copied a curl command with the token inline; the clipboard is cleared after the timeout</source>
        <translation>Commande curl copiée avec le jeton en clair ; le presse-papiers sera vidé après le délai</translation>
    </message>
    <message>
        <source>Save the response body</source>
        <translation>Enregistrer le corps de la réponse</translation>
    </message>
    <message>
        <source>The method must be a single word such as GET or POST.</source>
        <translation>La méthode doit être un seul mot, comme GET ou POST.</translation>
    </message>
    <message>
        <source>The header name &quot;%1&quot; is not valid: use letters, digits and - only.</source>
        <translation>Le nom d’en-tête « %1 » n’est pas valide : utilisez seulement des lettres, des chiffres et -.</translation>
    </message>
    <message>
        <source>The value of the header %1 contains a line break or a control character.</source>
        <translation>La valeur de l’en-tête %1 contient un saut de ligne ou un caractère de contrôle.</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Préréglages</translation>
    </message>
    <message>
        <source>Query parameters</source>
        <translation>Paramètres de la requête</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>En-têtes de la requête</translation>
    </message>
    <message>
        <source>Body •</source>
        <translation>Corps •</translation>
    </message>
    <message>
        <source>A DELETE request is sent without a body: AEM ignores one. Choose POST, PUT or PATCH to send this body.</source>
        <translation>Une requête DELETE part sans corps : AEM l’ignorerait. Choisissez POST, PUT ou PATCH pour envoyer ce corps.</translation>
    </message>
    <message>
        <source>A %1 request has no body: what is here is kept but not sent. Choose POST, PUT or PATCH to send it.</source>
        <translation>Une requête %1 n’a pas de corps : ce qui est ici est gardé mais pas envoyé. Choisissez POST, PUT ou PATCH pour l’envoyer.</translation>
    </message>
    <message>
        <source>That history entry is gone.</source>
        <translation>Cette entrée de l’historique n’existe plus.</translation>
    </message>
    <message>
        <source>The credential %1 of this request no longer exists.</source>
        <translation>Les identifiants %1 de cette requête n’existent plus.</translation>
    </message>
    <message>
        <source>Send to production?</source>
        <translation>Envoyer en production ?</translation>
    </message>
    <message>
        <source>%1 is marked as a production credential. Send this %2 request, which may change content on the production environment?</source>
        <translation>%1 est marqué comme identifiant de production. Envoyer cette requête %2, qui peut modifier le contenu de l’environnement de production ?</translation>
    </message>
    <message>
        <source>Not sent: %1 is a production credential and the %2 request was not confirmed.</source>
        <translation>Non envoyée : %1 est un identifiant de production et la requête %2 n’a pas été confirmée.</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Comparer…</translation>
    </message>
    <message>
        <source>Send this request to two credentials and compare the answers</source>
        <translation>Envoyer cette requête à deux identifiants et comparer les réponses</translation>
    </message>
    <message>
        <source>AEM &amp;APIs…</source>
        <translation>&amp;API AEM…</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Collection</translation>
    </message>
    <message>
        <source>Save to collection…</source>
        <translation>Enregistrer dans une collection…</translation>
    </message>
    <message>
        <source>Open collection…</source>
        <translation>Ouvrir une collection…</translation>
    </message>
    <message>
        <source>Copied a curl command</source>
        <translation>Commande curl copiée</translation>
    </message>
    <message>
        <source>Copied a curl command; curl asks for the password of %1</source>
        <translation>Commande curl copiée ; curl demandera le mot de passe de %1</translation>
    </message>
    <message>
        <source>Choose a credential first: a collection request is resolved for it.</source>
        <translation>Choisissez d&apos;abord un identifiant : une requête de collection est résolue pour lui.</translation>
    </message>
    <message>
        <source>The request from %1 was resolved for %2; open it again to resolve it for %3.</source>
        <translation>La requête de %1 a été résolue pour %2 ; rouvrez-la pour la résoudre pour %3.</translation>
    </message>
    <message>
        <source>Not sent: sending the Authorization header from %1 to %2 was not confirmed.</source>
        <translation>Non envoyée : l&apos;envoi de l&apos;en-tête Authorization de %1 à %2 n&apos;a pas été confirmé.</translation>
    </message>
    <message>
        <source>The name or hosts of %1 suggest a production environment (no environment type is chosen: choose it under Environment type). Send this %2 request, which may change content on it?</source>
        <translation>Le nom ou les hôtes de %1 suggèrent un environnement de production (aucun type d’environnement n’est choisi : choisissez-le dans Type d’environnement). Envoyer cette requête %2, qui peut en modifier le contenu ?</translation>
    </message>
    <message>
        <source>Persisted queries</source>
        <translation>Requêtes persistantes</translation>
    </message>
    <message>
        <source>Not re-run: this request was sent with its collection&apos;s own Authorization header, which the history does not keep; open it from the collection again.</source>
        <translation>Non relancée : cette requête a été envoyée avec l’en-tête Authorization de sa collection, que l’historique ne conserve pas ; rouvrez-la depuis la collection.</translation>
    </message>
    <message>
        <source>The body is read from %1 when sent, with its {{variables}} filled in.</source>
        <translation>Le corps est lu dans %1 à l’envoi, ses {{variables}} remplies.</translation>
    </message>
    <message>
        <source>The body is read from %1 when sent.</source>
        <translation>Le corps est lu dans %1 à l’envoi.</translation>
    </message>
    <message>
        <source>the Authorization header from %1 goes only to a host written in that file, not to %2.</source>
        <translation>l’en-tête Authorization de %1 ne va qu’à un hôte écrit dans ce fichier, pas à %2.</translation>
    </message>
    <message>
        <source>refusing to send the Authorization header from %1 over plain http to %2.</source>
        <translation>refus d’envoyer l’en-tête Authorization de %1 en http non chiffré à %2.</translation>
    </message>
    <message>
        <source>a request with the Authorization header from %1 sends no other file than the one the collection names.</source>
        <translation>une requête portant l’en-tête Authorization de %1 n’envoie pas d’autre fichier que celui que nomme la collection.</translation>
    </message>
    <message>
        <source>Not copied: %1</source>
        <translation>Non copié : %1</translation>
    </message>
    <message>
        <source>Copied a curl command with the Authorization header from %1 inline; the clipboard is cleared after the timeout</source>
        <translation>Commande curl copiée avec l’en-tête Authorization de %1 en clair ; le presse-papiers est vidé après le délai</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <source>Not sent: the credential changed while the body file was being read.</source>
        <translation>Non envoyé : l’identifiant a changé pendant la lecture du fichier du corps.</translation>
    </message>
    <message>
        <source>Not sent: the target changed while the body file was being read.</source>
        <translation>Non envoyé : la cible a changé pendant la lecture du fichier du corps.</translation>
    </message>
    <message>
        <source>Not sent: another request was loaded while the body file was being read.</source>
        <translation>Non envoyé : une autre requête a été chargée pendant la lecture du fichier du corps.</translation>
    </message>
</context>
<context>
    <name>aem::ui::ResponseView</name>
    <message>
        <source>Find in the response (Ctrl+F)</source>
        <translation>Rechercher dans la réponse (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find in the response</source>
        <translation>Rechercher dans la réponse</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Occurrence précédente (Maj+F3)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Occurrence suivante (F3)</translation>
    </message>
    <message>
        <source>&amp;Wrap lines</source>
        <translation>&amp;Renvoyer à la ligne</translation>
    </message>
    <message>
        <source>Pretty</source>
        <translation>Mis en forme</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Brut</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>En-têtes</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Save body…</source>
        <translation>Enregistrer le corps…</translation>
    </message>
    <message>
        <source>Open in full</source>
        <translation>Ouvrir en entier</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2. Save the body or open it in full to see everything.</source>
        <translation>Affichage des premiers %1 sur %2. Enregistrez le corps ou ouvrez-le en entier pour tout voir.</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>Aucune occurrence</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>Arbre</translation>
    </message>
    <message>
        <source>Response body, formatted</source>
        <translation>Corps de la réponse, mis en forme</translation>
    </message>
    <message>
        <source>Response body, as received</source>
        <translation>Corps de la réponse, tel que reçu</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>En-têtes de la réponse</translation>
    </message>
    <message>
        <source>Response image</source>
        <translation>Image de la réponse</translation>
    </message>
    <message>
        <source>Response as a tree</source>
        <translation>Réponse sous forme d’arbre</translation>
    </message>
</context>
<context>
    <name>aem::ui::RotationDialog</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;1.&lt;/b&gt; In Cloud Manager, open this environment&apos;s &lt;b&gt;Developer Console&lt;/b&gt; › &lt;b&gt;Integrations&lt;/b&gt; › &lt;b&gt;Technical Accounts&lt;/b&gt;, expand the technical account and choose &lt;b&gt;Add certificate&lt;/b&gt;. Download the new JSON. The old certificate keeps working until you revoke it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;1.&lt;/b&gt; Dans Cloud Manager, ouvrez la &lt;b&gt;Developer Console&lt;/b&gt; de cet environnement › &lt;b&gt;Integrations&lt;/b&gt; › &lt;b&gt;Technical Accounts&lt;/b&gt;, dépliez le compte technique et choisissez &lt;b&gt;Add certificate&lt;/b&gt;. Téléchargez le nouveau JSON. L’ancien certificat fonctionne jusqu’à ce que vous le révoquiez.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;2.&lt;/b&gt; Import the new file. It is kept beside the current credentials until you finish.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;2.&lt;/b&gt; Importez le nouveau fichier. Il est conservé à côté des identifiants actuels jusqu’à la fin.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import the new file…</source>
        <translation>Importer le nouveau fichier…</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;3.&lt;/b&gt; Test the new credentials: mint a token and ask AEM who you are.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;3.&lt;/b&gt; Testez les nouveaux identifiants : obtenez un jeton et demandez à AEM qui vous êtes.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Test the new credentials</source>
        <translation>Tester les nouveaux identifiants</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;4.&lt;/b&gt; Switch: the new credentials take the name &lt;b&gt;%1&lt;/b&gt; and the old ones are removed from this computer. Then revoke the old certificate in the Developer Console.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;4.&lt;/b&gt; Basculez : les nouveaux identifiants prennent le nom &lt;b&gt;%1&lt;/b&gt; et les anciens sont supprimés de cet ordinateur. Révoquez ensuite l’ancien certificat dans la Developer Console.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Finish the rotation</source>
        <translation>Terminer le renouvellement</translation>
    </message>
    <message>
        <source>New service credentials</source>
        <translation>Nouveaux identifiants de service</translation>
    </message>
    <message>
        <source>Developer Console JSON (*.json)</source>
        <translation>JSON de la Developer Console (*.json)</translation>
    </message>
    <message>
        <source>This file is not for the same technical account (%1); choose the file downloaded for it.</source>
        <translation>Ce fichier n’est pas pour le même compte technique (%1) ; choisissez le fichier téléchargé pour lui.</translation>
    </message>
    <message>
        <source>This file holds the certificate you already have: add a new one first.</source>
        <translation>Ce fichier contient le certificat que vous avez déjà : ajoutez-en d’abord un nouveau.</translation>
    </message>
    <message>
        <source>Imported as %1; the new certificate is valid until %2.</source>
        <translation>Importé sous %1 ; le nouveau certificat est valide jusqu’au %2.</translation>
    </message>
    <message>
        <source>Minting a token with the new certificate…</source>
        <translation>Obtention d’un jeton avec le nouveau certificat…</translation>
    </message>
    <message>
        <source>IMS accepted the new certificate (%1).</source>
        <translation>IMS a accepté le nouveau certificat (%1).</translation>
    </message>
    <message>
        <source>IMS accepted the new certificate and AEM answered 200: you are %1.</source>
        <translation>IMS a accepté le nouveau certificat et AEM a répondu 200 : vous êtes %1.</translation>
    </message>
    <message>
        <source>Remove the old credentials of %1 from this computer and use the new ones under that name?</source>
        <translation>Supprimer de cet ordinateur les anciens identifiants de %1 et utiliser les nouveaux sous ce nom ?</translation>
    </message>
    <message>
        <source>Done: %1 now uses the new certificate. Last step, in the Developer Console: revoke the old certificate (SHA-256 %2).</source>
        <translation>Terminé : %1 utilise désormais le nouveau certificat. Dernière étape, dans la Developer Console : révoquez l’ancien certificat (SHA-256 %2).</translation>
    </message>
    <message>
        <source>&lt;p&gt;The certificate of &lt;b&gt;%1&lt;/b&gt; expires in %2 (%3). Service-credential certificates last 365 days; once expired, IMS refuses every token request.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Le certificat de &lt;b&gt;%1&lt;/b&gt; expire dans %2 (%3). Les certificats des identifiants de service durent 365 jours ; une fois expirés, IMS refuse toute demande de jeton.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Rotate certificate</source>
        <translation>Renouveler le certificat</translation>
    </message>
    <message>
        <source>&lt;p&gt;The certificate of &lt;b&gt;%1&lt;/b&gt; expired %2 ago (%3). Service-credential certificates last 365 days; once expired, IMS refuses every token request.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Le certificat de &lt;b&gt;%1&lt;/b&gt; a expiré il y a %2 (%3). Les certificats des identifiants de service durent 365 jours ; une fois expirés, IMS refuse toute demande de jeton.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The certificate of &lt;b&gt;%1&lt;/b&gt; has been replaced; the new one is valid until %2.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Le certificat de &lt;b&gt;%1&lt;/b&gt; a été remplacé ; le nouveau est valide jusqu’au %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>the new file</source>
        <translation>le nouveau fichier</translation>
    </message>
</context>
<context>
    <name>aem::ui::SandboxProcess</name>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>%1 n’a pas pu être démarré : %2</translation>
    </message>
    <message>
        <source>the emulator stopped (exit code %1)</source>
        <translation>l’émulateur s’est arrêté (code de sortie %1)</translation>
    </message>
    <message>
        <source>cannot create a temporary directory: %1</source>
        <translation>impossible de créer un répertoire temporaire : %1</translation>
    </message>
    <message>
        <source>aemtoken was found neither beside this program nor on PATH</source>
        <translation>aemtoken est introuvable, ni à côté de ce programme ni dans le PATH</translation>
    </message>
    <message>
        <source>the emulator answered something unexpected: %1</source>
        <translation>l’émulateur a répondu quelque chose d’inattendu : %1</translation>
    </message>
    <message>
        <source>it was ended by signal %1 (SIG%2)</source>
        <translation>il a été arrêté par le signal %1 (SIG%2)</translation>
    </message>
    <message>
        <source>it was ended by signal %1</source>
        <translation>il a été arrêté par le signal %1</translation>
    </message>
    <message>
        <source>it exited with exit code %1</source>
        <translation>il s’est terminé avec le code de sortie %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>aem::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>Clear copied secrets after:</source>
        <translation>Effacer les secrets copiés après :</translation>
    </message>
    <message>
        <source>Renew service-credential tokens automatically</source>
        <translation>Renouveler automatiquement les jetons des identifiants de service</translation>
    </message>
    <message>
        <source> min before expiry</source>
        <translation> min avant l’expiration</translation>
    </message>
    <message>
        <source>Renew:</source>
        <translation>Renouveler :</translation>
    </message>
    <message>
        <source>none: only the system&apos;s certificate authorities</source>
        <translation>aucun : seulement les autorités de certification du système</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Extra CA certificate (PEM)</source>
        <translation>Certificat d’autorité supplémentaire (PEM)</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>Fichiers PEM (*.pem *.crt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Extra CA file:</source>
        <translation>Fichier d’autorité supplémentaire :</translation>
    </message>
    <message>
        <source>System settings</source>
        <translation>Réglages du système</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Pas de proxy</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manuel</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy :</translation>
    </message>
    <message>
        <source>Manual proxy:</source>
        <translation>Proxy manuel :</translation>
    </message>
    <message>
        <source>Notify before tokens and certificates expire</source>
        <translation>Prévenir avant l’expiration des jetons et des certificats</translation>
    </message>
    <message>
        <source> days before a certificate expires</source>
        <translation> jours avant l’expiration d’un certificat</translation>
    </message>
    <message>
        <source>Warn:</source>
        <translation>Prévenir :</translation>
    </message>
    <message>
        <source>Manual proxy: enter the proxy&apos;s host name.</source>
        <translation>Proxy manuel : saisissez le nom d’hôte du proxy.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Takes effect the next time the program starts</source>
        <translation>Prend effet au prochain démarrage du programme</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <source>Manual proxy: the host name only, without user, password, scheme or port (the program asks you to sign in when the proxy wants it).</source>
        <translation>Proxy manuel : le nom d’hôte seul, sans utilisateur, mot de passe, schéma ni port (le programme vous demande de vous identifier quand le proxy le veut).</translation>
    </message>
    <message>
        <source>Offer to import credential files that arrive in Downloads</source>
        <translation>Proposer d&apos;importer les fichiers d&apos;identifiants qui arrivent dans Téléchargements</translation>
    </message>
    <message>
        <source>Downloads:</source>
        <translation>Téléchargements :</translation>
    </message>
    <message>
        <source>Delete a file from Downloads once it is imported</source>
        <translation>Supprimer un fichier de Téléchargements une fois importé</translation>
    </message>
    <message>
        <source>Deleting removes the file; it cannot scrub its contents from an SSD, a backup or a snapshot. Revoke credentials whose file was exposed.</source>
        <translation>La suppression enlève le fichier ; elle ne peut pas effacer son contenu d&apos;un SSD, d&apos;une sauvegarde ou d&apos;un instantané. Révoquez les identifiants dont le fichier a été exposé.</translation>
    </message>
    <message>
        <source>Closing the window keeps the program running in the tray</source>
        <translation>Fermer la fenêtre laisse le programme actif dans la zone de notification</translation>
    </message>
    <message>
        <source>Tray:</source>
        <translation>Zone de notification :</translation>
    </message>
    <message>
        <source>Start at login, in the tray</source>
        <translation>Démarrer à la connexion, dans la zone de notification</translation>
    </message>
    <message>
        <source>Extra CA file</source>
        <translation>Fichier d’autorité supplémentaire</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>Hôte du proxy</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Port du proxy</translation>
    </message>
</context>
<context>
    <name>aem::ui::SingleInstance</name>
    <message>
        <source>no D-Bus session bus (%1): running without single-instance</source>
        <translation>pas de bus de session D-Bus (%1) : fonctionnement sans instance unique</translation>
    </message>
    <message>
        <source>cannot export %1 on the session bus: running without single-instance</source>
        <translation>impossible d&apos;exporter %1 sur le bus de session : fonctionnement sans instance unique</translation>
    </message>
    <message>
        <source>cannot own %1 on the session bus (%2): running without single-instance</source>
        <translation>impossible de posséder %1 sur le bus de session (%2) : fonctionnement sans instance unique</translation>
    </message>
    <message>
        <source>the running window (%1 on the session bus) did not answer (%2): running without single-instance</source>
        <translation>la fenêtre déjà ouverte (%1 sur le bus de session) n&apos;a pas répondu (%2) : fonctionnement sans instance unique</translation>
    </message>
</context>
<context>
    <name>aem::ui::StoreHealthBar</name>
    <message>
        <source>Unlock the keychain</source>
        <translation>Déverrouiller le trousseau</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Réparer</translation>
    </message>
    <message>
        <source>Finish interrupted changes, delete orphaned tokens, put found credentials back on the list</source>
        <translation>Achever les modifications interrompues, supprimer les jetons orphelins, remettre dans la liste les identifiants retrouvés</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Détails…</translation>
    </message>
    <message>
        <source>Repaired: %1</source>
        <translation>Réparé : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) with the stored credentials; the first: %1</source>
        <translation>
            <numerusform>%n problème avec les identifiants enregistrés ; le premier : %1</numerusform>
            <numerusform>%n problèmes avec les identifiants enregistrés ; le premier : %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete unrecoverable keychain items?</source>
        <translation>Supprimer les éléments irrécupérables du trousseau ?</translation>
    </message>
    <message>
        <source>Some keychain items of AEM Token Manager belong to no credential and cannot be put back on the list. Delete them too? (No keeps them; everything else is repaired either way.)</source>
        <translation>Des éléments du trousseau d’AEM Token Manager n’appartiennent à aucun identifiant et ne peuvent pas être remis dans la liste. Les supprimer aussi ? (Non les conserve ; tout le reste est réparé dans les deux cas.)</translation>
    </message>
    <message>
        <source>Stored credentials</source>
        <translation>Identifiants enregistrés</translation>
    </message>
    <message>
        <source>The keychain is locked: tokens can be neither read nor kept until you unlock it.</source>
        <translation>Le trousseau est verrouillé : aucun jeton ne peut être lu ni conservé tant que vous ne l’avez pas déverrouillé.</translation>
    </message>
    <message>
        <source>No keychain is running: nothing can be stored and no token can be kept. Install and start one — GNOME Keyring (package gnome-keyring) or KWallet — then log out and in again.</source>
        <translation>Aucun trousseau n’est en service : rien ne peut être enregistré et aucun jeton conservé. Installez-en un et démarrez-le — GNOME Keyring (paquet gnome-keyring) ou KWallet —, puis fermez la session et rouvrez-la.</translation>
    </message>
    <message>
        <source>The keychain refused access to AEM Token Manager: allow it, then reopen this window.</source>
        <translation>Le trousseau a refusé l’accès à AEM Token Manager : autorisez-le, puis rouvrez cette fenêtre.</translation>
    </message>
    <message>
        <source>The keychain does not answer as it should: tokens may not be kept.</source>
        <translation>Le trousseau ne répond pas comme il le devrait : les jetons risquent de ne pas être conservés.</translation>
    </message>
    <message>
        <source>Secrets are kept in %1</source>
        <translation>Les secrets sont conservés dans %1</translation>
    </message>
    <message>
        <source>The keychain stayed locked. Unlock it to go on: with the button, or in Passwords and Keys.</source>
        <translation>Le trousseau est resté verrouillé. Déverrouillez-le pour continuer : avec le bouton, ou dans Mots de passe et clés.</translation>
    </message>
</context>
<context>
    <name>aem::ui::TokenPanel</name>
    <message>
        <source>Time left on the token</source>
        <translation>Temps restant du jeton</translation>
    </message>
    <message>
        <source>No token yet: press Get token</source>
        <translation>Pas encore de jeton : cliquez sur Obtenir le jeton</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Jeton d’accès</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Show or hide the token (Ctrl+H)</source>
        <translation>Afficher ou masquer le jeton (Ctrl+H)</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>Show token</source>
        <translation>Afficher le jeton</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <source>&amp;Get token</source>
        <translation>&amp;Obtenir le jeton</translation>
    </message>
    <message>
        <source>Use the cached token or mint one (Ctrl+T)</source>
        <translation>Utiliser le jeton en cache ou en obtenir un (Ctrl+T)</translation>
    </message>
    <message>
        <source>&amp;Renew</source>
        <translation>&amp;Renouveler</translation>
    </message>
    <message>
        <source>Mint a new token now (Ctrl+Shift+T)</source>
        <translation>Obtenir un nouveau jeton maintenant (Ctrl+Maj+T)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop minting (Esc)</source>
        <translation>Arrêter l’obtention (Échap)</translation>
    </message>
    <message>
        <source>Copy &amp;token</source>
        <translation>Copier le &amp;jeton</translation>
    </message>
    <message>
        <source>Copy the token; cleared from the clipboard after the timeout</source>
        <translation>Copier le jeton ; effacé du presse-papiers après le délai</translation>
    </message>
    <message>
        <source>Copy &amp;header</source>
        <translation>Copier l’&amp;en-tête</translation>
    </message>
    <message>
        <source>Copy &quot;Authorization: Bearer …&quot;</source>
        <translation>Copier « Authorization: Bearer … »</translation>
    </message>
    <message>
        <source>Copy c&amp;url</source>
        <translation>Copier c&amp;url</translation>
    </message>
    <message>
        <source>Copy a curl command for the author&apos;s current user</source>
        <translation>Copier une commande curl pour l’utilisateur actuel de l’author</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Revendication</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Decoded token claims</source>
        <translation>Revendications décodées du jeton</translation>
    </message>
    <message>
        <source>%1 — retrying (attempt %2) in %3 s</source>
        <translation>%1 — nouvel essai (tentative %2) dans %3 s</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Authenticating service</source>
        <translation>Service d’authentification</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <source>no token yet</source>
        <translation>pas encore de jeton</translation>
    </message>
    <message>
        <source>left · expires %1</source>
        <translation>restant · expire le %1</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>expiré le %1</translation>
    </message>
    <message>
        <source>This local development token expires soon and cannot be renewed here. In the AEM Developer Console, choose Integrations › Local token › Get Local Development Token, then import the downloaded file.</source>
        <translation>Ce jeton de développement local expire bientôt et ne peut pas être renouvelé ici. Dans la Developer Console d’AEM, choisissez Integrations › Local token › Get Local Development Token, puis importez le fichier téléchargé.</translation>
    </message>
    <message>
        <source>This local development token has expired. Get a new one in the AEM Developer Console (Integrations › Local token › Get Local Development Token) and import it.</source>
        <translation>Ce jeton de développement local a expiré. Obtenez-en un nouveau dans la Developer Console d’AEM (Integrations › Local token › Get Local Development Token) et importez-le.</translation>
    </message>
    <message>
        <source>Access token — %1</source>
        <translation>Jeton d’accès — %1</translation>
    </message>
    <message>
        <source>This credential was removed from the store.</source>
        <translation>Ces identifiants ont été supprimés du stockage.</translation>
    </message>
    <message>
        <source>Copied the token; the clipboard is cleared in %1 s</source>
        <translation>Jeton copié ; le presse-papiers sera vidé dans %1 s</translation>
    </message>
    <message>
        <source>Copied the token</source>
        <translation>Jeton copié</translation>
    </message>
    <message>
        <source>Copied the Authorization header; the clipboard is cleared in %1 s</source>
        <translation>En-tête Authorization copié ; le presse-papiers sera vidé dans %1 s</translation>
    </message>
    <message>
        <source>Copied the Authorization header</source>
        <translation>En-tête Authorization copié</translation>
    </message>
    <message>
        <source>Copied the curl command; the clipboard is cleared in %1 s</source>
        <translation>Commande curl copiée ; le presse-papiers sera vidé dans %1 s</translation>
    </message>
    <message>
        <source>Copied the curl command</source>
        <translation>Commande curl copiée</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>Getting a token…</source>
        <translation>Obtention du jeton…</translation>
    </message>
    <message>
        <source>Reading the token from the keychain…</source>
        <translation>Lecture du jeton dans le trousseau…</translation>
    </message>
    <message>
        <source>Press Get token to show the token here</source>
        <translation>Cliquez sur Obtenir le jeton pour l’afficher ici</translation>
    </message>
    <message>
        <source>This token has expired</source>
        <translation>Ce jeton a expiré</translation>
    </message>
    <message>
        <source>The token has expired: press Get token</source>
        <translation>Le jeton a expiré : cliquez sur Obtenir le jeton</translation>
    </message>
    <message>
        <source>The cached token could not be read: %1</source>
        <translation>Le jeton en cache n’a pas pu être lu : %1</translation>
    </message>
    <message>
        <source>no token needed</source>
        <translation>aucun jeton nécessaire</translation>
    </message>
    <message>
        <source>No token is needed: requests to this local AEM go without sign-in</source>
        <translation>Aucun jeton n&apos;est nécessaire : les requêtes vers cet AEM local partent sans connexion</translation>
    </message>
    <message>
        <source>No token is needed: requests to this local AEM sign in as %1 (HTTP Basic)</source>
        <translation>Aucun jeton n&apos;est nécessaire : les requêtes vers cet AEM local se connectent en tant que %1 (HTTP Basic)</translation>
    </message>
</context>
<context>
    <name>aem::ui::ToolRequests</name>
    <message>
        <source>The request tester is busy with another request: wait for it or cancel it.</source>
        <translation>Le testeur de requêtes est occupé par une autre requête : attendez-la ou annulez-la.</translation>
    </message>
    <message>
        <source>Nothing came back.</source>
        <translation>Aucune réponse.</translation>
    </message>
    <message>
        <source>AEM answered %1, a redirect, which is not followed with the token: see the request tester.</source>
        <translation>AEM a répondu %1, une redirection, qui n’est pas suivie avec le jeton : voir le testeur de requêtes.</translation>
    </message>
    <message>
        <source>Cannot read the answer again (%1): see it in the request tester.</source>
        <translation>Impossible de relire la réponse (%1) : voyez-la dans le testeur de requêtes.</translation>
    </message>
    <message>
        <source>The answer changed while it was read: send the request again.</source>
        <translation>La réponse a changé pendant sa lecture : envoyez la requête à nouveau.</translation>
    </message>
    <message>
        <source>The answer (%1) is larger than the %2 the tools read: see it in the request tester.</source>
        <translation>La réponse (%1) dépasse les %2 que lisent les outils : voyez-la dans le testeur de requêtes.</translation>
    </message>
</context>
<context>
    <name>aem::ui::TrayIcon</name>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>AEM Token Manager — %1: token valid for %2</source>
        <translation>Gestionnaire de jetons AEM — %1 : jeton valide encore %2</translation>
    </message>
    <message>
        <source>AEM Token Manager — no live token</source>
        <translation>Gestionnaire de jetons AEM — aucun jeton valide</translation>
    </message>
    <message>
        <source>%1 — getting a token…</source>
        <translation>%1 — obtention d&apos;un jeton…</translation>
    </message>
    <message>
        <source>%1 — %2 left</source>
        <translation>%1 — reste %2</translation>
    </message>
    <message>
        <source>%1 — expired, copying gets a new token</source>
        <translation>%1 — expiré, copier obtient un nouveau jeton</translation>
    </message>
    <message>
        <source>%1 — expired</source>
        <translation>%1 — expiré</translation>
    </message>
    <message>
        <source>%1 — no token yet, copying gets one</source>
        <translation>%1 — pas encore de jeton, copier en obtient un</translation>
    </message>
    <message>
        <source>Copy the token of %1</source>
        <translation>Copier le jeton de %1</translation>
    </message>
    <message>
        <source>No credentials yet</source>
        <translation>Aucun identifiant pour l&apos;instant</translation>
    </message>
    <message>
        <source>That credential was removed from the store.</source>
        <translation>Cet identifiant a été retiré du magasin.</translation>
    </message>
    <message>
        <source>%1 — no token needed</source>
        <translation>%1 — aucun jeton nécessaire</translation>
    </message>
    <message>
        <source>%1 — no token</source>
        <translation>%1 — aucun jeton</translation>
    </message>
</context>
<context>
    <name>aem::ui::WelcomePage</name>
    <message>
        <source>&lt;h2&gt;No credentials yet&lt;/h2&gt;&lt;p&gt;In the AEM Developer Console, choose &lt;b&gt;Integrations&lt;/b&gt; and download &lt;b&gt;service credentials&lt;/b&gt; or a &lt;b&gt;local development token&lt;/b&gt;. Then import the file, drop it on this window, or copy its JSON and paste it here (Ctrl+V).&lt;/p&gt;&lt;p&gt;Secrets go into the system keychain; the downloaded file can be deleted afterwards.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Aucun identifiant pour l’instant&lt;/h2&gt;&lt;p&gt;Dans la Developer Console d’AEM, choisissez &lt;b&gt;Integrations&lt;/b&gt; et téléchargez des &lt;b&gt;identifiants de service&lt;/b&gt; ou un &lt;b&gt;jeton de développement local&lt;/b&gt;. Importez ensuite le fichier, déposez-le sur cette fenêtre, ou copiez son JSON et collez-le ici (Ctrl+V).&lt;/p&gt;&lt;p&gt;Les secrets vont dans le trousseau du système ; le fichier téléchargé peut ensuite être supprimé.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import a file…</source>
        <translation>Importer un fichier…</translation>
    </message>
    <message>
        <source>Paste JSON</source>
        <translation>Coller du JSON</translation>
    </message>
    <message>
        <source>Try the sandbox</source>
        <translation>Essayer le bac à sable</translation>
    </message>
    <message>
        <source>Opens a second window with a local IMS and AEM emulator and demo credentials</source>
        <translation>Ouvre une seconde fenêtre avec un émulateur local d’IMS et d’AEM et des identifiants de démonstration</translation>
    </message>
</context>
</TS>
