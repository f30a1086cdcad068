"""Fills aem-token-manager_fr.ts from the French table below (kept in the repository so the
catalogue can be regenerated and refilled):
    lupdate -no-obsolete -locations none ui core app -ts resources/translations/aem-token-manager_fr.ts
    python3 resources/translations/fill_fr.py resources/translations/aem-token-manager_fr.ts"""
import html, re, sys

FR = {
'Value': 'Valeur',
'Technical account': 'Compte technique',
'AEM user (grant permissions to)': 'Utilisateur AEM (à qui donner les droits)',
'Organization': 'Organisation',
'Client id': 'Identifiant client',
'Metascopes': 'Métascopes',
'IMS endpoint': 'Point d’accès IMS',
'Certificate': 'Certificat',
'SHA-256': 'SHA-256',
'Valid': 'Valide',
'Days left': 'Jours restants',
'Private key': 'Clé privée',
'Check the key again': 'Vérifier la clé à nouveau',
'Rotate the certificate…': 'Renouveler le certificat…',
'A guided rotation: add a certificate in the Developer Console, import, test, switch': 'Un renouvellement guidé : ajouter un certificat dans la Developer Console, importer, tester, basculer',
'Local development token': 'Jeton de développement local',
'User': 'Utilisateur',
'Client': 'Client',
'Expires': 'Expire',
'Environment': 'Environnement',
'Program / environment': 'Programme / environnement',
'Author': 'Author',
'Publish': 'Publish',
'Preview': 'Preview',
'Save URLs': 'Enregistrer les URL',
'For a local AEM SDK or the sandbox. The token is only sent to these hosts.': 'Pour un SDK AEM local ou le bac à sable. Le jeton n’est envoyé qu’à ces hôtes.',
'Metascopes:': 'Métascopes :',
'Scopes:': 'Portées :',
'%1 to %2': 'du %1 au %2',
'expired %1 ago — IMS refuses it; add a certificate in the Developer Console': 'expiré depuis %1 — IMS le refuse ; ajoutez un certificat dans la Developer Console',
'matches the certificate (checked at import)': 'correspond au certificat (vérifié à l’import)',
'unknown': 'inconnu',
'not derived (set the URLs below)': 'non déduit (renseignez les URL ci-dessous)',
'%1 URL %2': 'URL %1 : %2',
'Saved the URLs of %1': 'URL de %1 enregistrées',
'checking…': 'vérification…',
'could not be read': 'illisible',
'matches the certificate (checked just now)': 'correspond au certificat (vérifié à l’instant)',
'DOES NOT MATCH the certificate: import the credential again': 'NE CORRESPOND PAS au certificat : importez à nouveau les identifiants',
'Import OAuth Server-to-Server credentials': 'Importer des identifiants OAuth Server-to-Server',
'Import service credentials': 'Importer des identifiants de service',
'Import a local development token': 'Importer un jeton de développement local',
'Read from %1:': 'Lu depuis %1 :',
'AEM user': 'Utilisateur AEM',
'CN=%1, valid until %2 (%3 left)': 'CN=%1, valide jusqu’au %2 (encore %3)',
'RSA %1 bits, matches the certificate': 'RSA %1 bits, correspond au certificat',
'Scopes': 'Portées',
'Client secrets': 'Secrets client',
'%1, tried in order': '%1, essayés dans l’ordre',
'Into the keychain: the client secrets. Everything else (nothing secret) goes into the credential list.': 'Dans le trousseau : les secrets client. Tout le reste (rien de secret) va dans la liste des identifiants.',
'Into the keychain: the private key and the client secret. Everything else (nothing secret) goes into the credential list.': 'Dans le trousseau : la clé privée et le secret client. Tout le reste (rien de secret) va dans la liste des identifiants.',
'Into the keychain: the token. Its user and expiry go into the credential list.': 'Dans le trousseau : le jeton. Son utilisateur et son expiration vont dans la liste des identifiants.',
'Name': 'Nom',
'Name:': 'Nom :',
'Author URL': 'URL Author',
'derived from the client id; set for a local SDK or the sandbox': 'déduite de l’identifiant client ; à renseigner pour un SDK local ou le bac à sable',
'the author URL this token is for, e.g. https://author-p1-e2.adobeaemcloud.com': 'l’URL Author de ce jeton, par ex. https://author-p1-e2.adobeaemcloud.com',
'Author URL:': 'URL Author :',
'This replaces "%1", the same %2, instead of adding a duplicate.': 'Ceci remplace « %1 », même %2, au lieu d’ajouter un doublon.',
'client id': 'identifiant client',
'local development token': 'jeton de développement local',
'&Import': '&Importer',
'&Replace': '&Remplacer',
"Name: use letters, digits, '.', '_' and '-' (at most 80).": 'Nom : lettres, chiffres, « . », « _ » et « - » (80 au plus).',
'Name: "%1" is already taken by another credential.': 'Nom : « %1 » est déjà pris par d’autres identifiants.',
'Author URL %1.': 'URL Author : %1.',
'AEM Token Manager — Sandbox': 'Gestionnaire de jetons AEM — Bac à sable',
'AEM Token Manager': 'Gestionnaire de jetons AEM',
'Stored credentials': 'Identifiants enregistrés',
'<h2>No credentials yet</h2><p>In the AEM Developer Console, choose <b>Integrations</b> and download <b>service credentials</b> or a <b>local development token</b>. Then import the file, drop it on this window, or copy its JSON and paste it here (Ctrl+V).</p><p>Secrets go into the system keychain; the downloaded file can be deleted afterwards.</p>': '<h2>Aucun identifiant pour l’instant</h2><p>Dans la Developer Console d’AEM, choisissez <b>Integrations</b> et téléchargez des <b>identifiants de service</b> ou un <b>jeton de développement local</b>. Importez ensuite le fichier, déposez-le sur cette fenêtre, ou copiez son JSON et collez-le ici (Ctrl+V).</p><p>Les secrets vont dans le trousseau du système ; le fichier téléchargé peut ensuite être supprimé.</p>',
'Import a file…': 'Importer un fichier…',
'Paste JSON': 'Coller du JSON',
'Try the sandbox': 'Essayer le bac à sable',
'Opens a second window with a local IMS and AEM emulator and demo credentials': 'Ouvre une seconde fenêtre avec un émulateur local d’IMS et d’AEM et des identifiants de démonstration',
'Dismiss the error': 'Masquer l’erreur',
'Copied the %1; the clipboard is cleared in %2 s': '%1 copié ; le presse-papiers sera vidé dans %2 s',
'Copied the %1': '%1 copié',
'Cleared the copied secret from the clipboard': 'Secret copié effacé du presse-papiers',
'Renewing the token of %1…': 'Renouvellement du jeton de %1…',
'Renewed the token of %1': 'Jeton de %1 renouvelé',
'Automatic renewal of %1 failed: %2': 'Le renouvellement automatique de %1 a échoué : %2',
'Sandbox running at %1 with demo credentials': 'Bac à sable actif sur %1 avec des identifiants de démonstration',
'The sandbox could not start: %1': 'Le bac à sable n’a pas pu démarrer : %1',
'Sandbox: a separate store with demo credentials; your own credentials are not shown here.': 'Bac à sable : un stockage séparé avec des identifiants de démonstration ; vos propres identifiants n’apparaissent pas ici.',
'Secrets are kept in %1': 'Les secrets sont conservés dans %1',
'&File': '&Fichier',
'&Import…': '&Importer…',
'&Paste credentials': '&Coller des identifiants',
'Paste &box…': 'Zone de c&ollage…',
'New &OAuth Server-to-Server credentials…': 'Nouveaux identifiants &OAuth Server-to-Server…',
'&Remove…': '&Supprimer…',
'&Settings…': 'Para&mètres…',
'&Quit': '&Quitter',
'&Token': '&Jeton',
'&Get token': '&Obtenir le jeton',
'&Renew now': '&Renouveler maintenant',
'Copy &token': 'Copier le &jeton',
'Copy &Authorization header': 'Copier l’en-tête &Authorization',
'Copy c&url command': 'Copier la commande c&url',
'&Validate with IMS': '&Valider auprès d’IMS',
'Re&voke token…': 'Ré&voquer le jeton…',
'T&ools': 'O&utils',
'&Request tester…': '&Testeur de requêtes…',
'&Help': '&Aide',
'Try the &sandbox': 'Essayer le &bac à sable',
'&About': 'À &propos',
'About AEM Token Manager': 'À propos du Gestionnaire de jetons AEM',
'<b>AEM Token Manager</b> %1<br>Access tokens for AEM as a Cloud Service, with secrets kept in the system keychain.': '<b>Gestionnaire de jetons AEM</b> %1<br>Jetons d’accès pour AEM as a Cloud Service, secrets conservés dans le trousseau du système.',
'Show': 'Afficher',
'Copy token of the selection': 'Copier le jeton de la sélection',
'Quit': 'Quitter',
'Import credentials': 'Importer des identifiants',
'Developer Console JSON (*.json);;All files (*)': 'JSON de la Developer Console (*.json);;Tous les fichiers (*)',
'The clipboard holds no text: copy the JSON from the Developer Console first.': 'Le presse-papiers ne contient pas de texte : copiez d’abord le JSON depuis la Developer Console.',
'the clipboard': 'le presse-papiers',
'Paste credentials': 'Coller des identifiants',
'Paste the JSON of service credentials or of a local development token here.': 'Collez ici le JSON d’identifiants de service ou d’un jeton de développement local.',
'Credential JSON': 'JSON des identifiants',
'Read': 'Lire',
'the paste box': 'la zone de collage',
'OAuth Server-to-Server credentials': 'Identifiants OAuth Server-to-Server',
'Client secret': 'Secret client',
'Previous secret (optional)': 'Secret précédent (facultatif)',
'Organization id': 'Identifiant d’organisation',
'Technical account id': 'Identifiant du compte technique',
'Technical account email': 'E-mail du compte technique',
'Review': 'Vérifier',
'the form': 'le formulaire',
'the file is larger than 1 MiB; credential files are a few kilobytes': 'le fichier dépasse 1 Mio ; un fichier d’identifiants fait quelques kilo-octets',
'Cannot import %1: %2': 'Impossible d’importer %1 : %2',
'Finish the import in progress first.': 'Terminez d’abord l’import en cours.',
'Cannot import %1: larger than 1 MiB; credential files are a few kilobytes': 'Impossible d’importer %1 : plus de 1 Mio ; un fichier d’identifiants fait quelques kilo-octets',
'Nothing was imported: %1': 'Rien n’a été importé : %1',
'Replaced %1': '%1 remplacé',
'Imported %1': '%1 importé',
'Remove credential': 'Supprimer les identifiants',
'Remove "%1" and its secrets from the keychain? Tokens already handed out stay valid until they expire.': 'Supprimer « %1 » et ses secrets du trousseau ? Les jetons déjà délivrés restent valides jusqu’à leur expiration.',
'Could not remove %1: %2': 'Impossible de supprimer %1 : %2',
'Removed %1': '%1 supprimé',
'Rotated the certificate of %1; revoke the old one in the Developer Console': 'Certificat de %1 renouvelé ; révoquez l’ancien dans la Developer Console',
'Asking IMS about the token of %1…': 'Interrogation d’IMS sur le jeton de %1…',
'Could not validate the token of %1: %2': 'Impossible de valider le jeton de %1 : %2',
'IMS says the token of %1 is not valid (%2). Renew it.': 'Selon IMS, le jeton de %1 n’est pas valide (%2). Renouvelez-le.',
'IMS confirms the token of %1 is valid': 'IMS confirme que le jeton de %1 est valide',
'Revoke token': 'Révoquer le jeton',
'Revoke the current token of "%1" at IMS? Programs using it lose access; the next request mints a new token.\n\n%2': 'Révoquer auprès d’IMS le jeton actuel de « %1 » ? Les programmes qui l’utilisent perdent l’accès ; la prochaine requête en créera un nouveau.\n\n%2',
'Could not revoke: %1': 'Révocation impossible : %1',
'Token expires soon': 'Le jeton expire bientôt',
'The local development token %1 expires in %2. Get a new one from the Developer Console.': 'Le jeton de développement local %1 expire dans %2. Obtenez-en un nouveau dans la Developer Console.',
'The token of %1 expires in %2.': 'Le jeton de %1 expire dans %2.',
'Certificate expires soon': 'Le certificat expire bientôt',
'The certificate of %1 has expired: add a new one in the Developer Console.': 'Le certificat de %1 a expiré : ajoutez-en un nouveau dans la Developer Console.',
'The certificate of %1 expires in %2: add a new one in the Developer Console.': 'Le certificat de %1 expire dans %2 : ajoutez-en un nouveau dans la Developer Console.',
'AEM Token Manager — %1: token valid for %2': 'Gestionnaire de jetons AEM — %1 : jeton valide encore %2',
'AEM Token Manager — no live token': 'Gestionnaire de jetons AEM — aucun jeton valide',
'the dropped text': 'le texte déposé',
'Still running in the tray': 'Toujours actif dans la zone de notification',
'Who am I (current user)': 'Qui suis-je (utilisateur actuel)',
'Session info': 'Informations de session',
'DAM root': 'Racine DAM',
'Assets HTTP API': 'API HTTP Assets',
'GraphQL endpoints': 'Points d’accès GraphQL',
'Request tester': 'Testeur de requêtes',
'Credential': 'Identifiants',
'Target host': 'Hôte cible',
'Method': 'Méthode',
'Path or URL': 'Chemin ou URL',
'/path on the target, or a full URL': '/chemin sur la cible, ou une URL complète',
'&Send': '&Envoyer',
'Send (Ctrl+Return)': 'Envoyer (Ctrl+Entrée)',
'Cancel': 'Annuler',
'Test &connection': 'Tester la &connexion',
'Ask AEM who it thinks you are': 'Demander à AEM qui vous êtes selon lui',
'Presets…': 'Préréglages…',
'Copy as curl': 'Copier en curl',
'With the token as $AEM_TOKEN': 'Avec le jeton dans $AEM_TOKEN',
'With the token inline…': 'Avec le jeton en clair…',
'Parameter': 'Paramètre',
'Header': 'En-tête',
'Request body (JSON, form data, …)': 'Corps de la requête (JSON, données de formulaire, …)',
'Load from file…': 'Charger depuis un fichier…',
'Request body': 'Corps de la requête',
'All files (*)': 'Tous les fichiers (*)',
'Cannot use %1 as the body: unreadable or larger than 16 MiB': 'Impossible d’utiliser %1 comme corps : illisible ou plus de 16 Mio',
'Parameters': 'Paramètres',
'Headers': 'En-têtes',
'Body': 'Corps',
'Pretty': 'Mis en forme',
'Raw': 'Brut',
'Image': 'Image',
'Save body…': 'Enregistrer le corps…',
'Open in full': 'Ouvrir en entier',
'Search history': 'Rechercher dans l’historique',
'Request history': 'Historique des requêtes',
'History': 'Historique',
'Choose a credential first.': 'Choisissez d’abord des identifiants.',
'Enter a path such as /content/dam.json, or a full URL.': 'Saisissez un chemin comme /content/dam.json, ou une URL complète.',
"%1 has no %2 URL: set it in the credential's details.": '%1 n’a pas d’URL %2 : renseignez-la dans le détail des identifiants.',
'Send the token to another host?': 'Envoyer le jeton à un autre hôte ?',
'%1 is not one of the hosts of %2. Send its access token to %1?\n\nAnyone running %1 could then act as this credential until the token expires.': '%1 n’est pas un des hôtes de %2. Lui envoyer son jeton d’accès ?\n\nQuiconque exploite %1 pourrait alors agir avec ces identifiants jusqu’à l’expiration du jeton.',
'Not sent: %1': 'Non envoyé : %1',
'Getting the token…': 'Obtention du jeton…',
'Not sent': 'Non envoyé',
'Sending…': 'Envoi…',
'%1 %2 — receiving…': '%1 %2 — réception…',
'%1 %2 · %3 ms · %4': '%1 %2 · %3 ms · %4',
'No answer · %1 ms': 'Pas de réponse · %1 ms',
'The history could not be saved: %1': 'L’historique n’a pas pu être enregistré : %1',
'Showing the first %1 of %2. Save the body or open it in full to see everything.': 'Affichage des premiers %1 sur %2. Enregistrez le corps ou ouvrez-le en entier pour tout voir.',
'Cancelled': 'Annulé',
'Copied a curl command; it expects the token in $AEM_TOKEN (aemtoken token %1)': 'Commande curl copiée ; elle attend le jeton dans $AEM_TOKEN (aemtoken token %1)',
'Copy with the token inline?': 'Copier avec le jeton en clair ?',
'The command will contain the access token itself. Anyone who sees it can use the token until it expires.': 'La commande contiendra le jeton d’accès lui-même. Quiconque la voit peut utiliser le jeton jusqu’à son expiration.',
'Copied a curl command with the token inline; the clipboard is cleared after the timeout': 'Commande curl copiée avec le jeton en clair ; le presse-papiers sera vidé après le délai',
'Save the response body': 'Enregistrer le corps de la réponse',
'Rotate the certificate of %1': 'Renouveler le certificat de %1',
'<p>The certificate of <b>%1</b> expires %2 (%3). Service-credential certificates last 365 days; once expired, IMS refuses every token request.</p>': '<p>Le certificat de <b>%1</b> expire %2 (%3). Les certificats des identifiants de service durent 365 jours ; une fois expirés, IMS refuse toute demande de jeton.</p>',
'has expired': 'a expiré',
'in %1': 'dans %1',
"<p><b>1.</b> In Cloud Manager, open this environment's <b>Developer Console</b> › <b>Integrations</b> › <b>Technical Accounts</b>, expand the technical account and choose <b>Add certificate</b>. Download the new JSON. The old certificate keeps working until you revoke it.</p>": '<p><b>1.</b> Dans Cloud Manager, ouvrez la <b>Developer Console</b> de cet environnement › <b>Integrations</b> › <b>Technical Accounts</b>, dépliez le compte technique et choisissez <b>Add certificate</b>. Téléchargez le nouveau JSON. L’ancien certificat fonctionne jusqu’à ce que vous le révoquiez.</p>',
'<p><b>2.</b> Import the new file. It is kept beside the current credentials until you finish.</p>': '<p><b>2.</b> Importez le nouveau fichier. Il est conservé à côté des identifiants actuels jusqu’à la fin.</p>',
'Import the new file…': 'Importer le nouveau fichier…',
'<p><b>3.</b> Test the new credentials: mint a token and ask AEM who you are.</p>': '<p><b>3.</b> Testez les nouveaux identifiants : obtenez un jeton et demandez à AEM qui vous êtes.</p>',
'Test the new credentials': 'Tester les nouveaux identifiants',
'<p><b>4.</b> Switch: the new credentials take the name <b>%1</b> and the old ones are removed from this computer. Then revoke the old certificate in the Developer Console.</p>': '<p><b>4.</b> Basculez : les nouveaux identifiants prennent le nom <b>%1</b> et les anciens sont supprimés de cet ordinateur. Révoquez ensuite l’ancien certificat dans la Developer Console.</p>',
'Finish the rotation': 'Terminer le renouvellement',
'New service credentials': 'Nouveaux identifiants de service',
'Developer Console JSON (*.json)': 'JSON de la Developer Console (*.json)',
'cannot read %1 (or it is larger than 1 MiB)': 'impossible de lire %1 (ou il dépasse 1 Mio)',
'This file is not for the same technical account (%1); choose the file downloaded for it.': 'Ce fichier n’est pas pour le même compte technique (%1) ; choisissez le fichier téléchargé pour lui.',
'This file holds the certificate you already have: add a new one first.': 'Ce fichier contient le certificat que vous avez déjà : ajoutez-en d’abord un nouveau.',
'Imported as %1; the new certificate is valid until %2.': 'Importé sous %1 ; le nouveau certificat est valide jusqu’au %2.',
'Minting a token with the new certificate…': 'Obtention d’un jeton avec le nouveau certificat…',
'IMS accepted the new certificate (%1).': 'IMS a accepté le nouveau certificat (%1).',
'IMS accepted the new certificate and AEM answered 200: you are %1.': 'IMS a accepté le nouveau certificat et AEM a répondu 200 : vous êtes %1.',
'Remove the old credentials of %1 from this computer and use the new ones under that name?': 'Supprimer de cet ordinateur les anciens identifiants de %1 et utiliser les nouveaux sous ce nom ?',
'Done: %1 now uses the new certificate. Last step, in the Developer Console: revoke the old certificate (SHA-256 %2).': 'Terminé : %1 utilise désormais le nouveau certificat. Dernière étape, dans la Developer Console : révoquez l’ancien certificat (SHA-256 %2).',
'Settings': 'Paramètres',
' s': ' s',
'never': 'jamais',
'Clear copied secrets after:': 'Effacer les secrets copiés après :',
'Renew service-credential tokens automatically': 'Renouveler automatiquement les jetons des identifiants de service',
' min before expiry': ' min avant l’expiration',
'Renew:': 'Renouveler :',
"none: only the system's certificate authorities": 'aucun : seulement les autorités de certification du système',
'Browse…': 'Parcourir…',
'Extra CA certificate (PEM)': 'Certificat d’autorité supplémentaire (PEM)',
'PEM files (*.pem *.crt);;All files (*)': 'Fichiers PEM (*.pem *.crt);;Tous les fichiers (*)',
'Extra CA file:': 'Fichier d’autorité supplémentaire :',
'System settings': 'Réglages du système',
'No proxy': 'Pas de proxy',
'Manual': 'Manuel',
'Proxy:': 'Proxy :',
'Manual proxy:': 'Proxy manuel :',
'Notify before tokens and certificates expire': 'Prévenir avant l’expiration des jetons et des certificats',
' days before a certificate expires': ' jours avant l’expiration d’un certificat',
'Warn:': 'Prévenir :',
"Manual proxy: enter the proxy's host name.": 'Proxy manuel : saisissez le nom d’hôte du proxy.',
'Time left on the token': 'Temps restant du jeton',
'No token yet: press Get token': 'Pas encore de jeton : cliquez sur Obtenir le jeton',
'Access token': 'Jeton d’accès',
'Show or hide the token (Ctrl+H)': 'Afficher ou masquer le jeton (Ctrl+H)',
'Show token': 'Afficher le jeton',
'Hide': 'Masquer',
'Use the cached token or mint one (Ctrl+T)': 'Utiliser le jeton en cache ou en obtenir un (Ctrl+T)',
'&Renew': '&Renouveler',
'Mint a new token now (Ctrl+Shift+T)': 'Obtenir un nouveau jeton maintenant (Ctrl+Maj+T)',
'Stop minting (Esc)': 'Arrêter l’obtention (Échap)',
'Copy the token; cleared from the clipboard after the timeout': 'Copier le jeton ; effacé du presse-papiers après le délai',
'Copy &header': 'Copier l’&en-tête',
'Copy "Authorization: Bearer …"': 'Copier « Authorization: Bearer … »',
'Copy c&url': 'Copier c&url',
"Copy a curl command for the author's current user": 'Copier une commande curl pour l’utilisateur actuel de l’author',
'Claim': 'Revendication',
'Decoded token claims': 'Revendications décodées du jeton',
'%1 — retrying (attempt %2) in %3 s': '%1 — nouvel essai (tentative %2) dans %3 s',
'cancelled': 'annulé',
'Scope': 'Portée',
'Type': 'Type',
'Authenticating service': 'Service d’authentification',
'Created': 'Créé',
'no token yet': 'pas encore de jeton',
'left · expires %1': 'restant · expire le %1',
'expired %1': 'expiré le %1',
'This local development token expires soon and cannot be renewed here. In the AEM Developer Console, choose Integrations › Local token › Get Local Development Token, then import the downloaded file.': 'Ce jeton de développement local expire bientôt et ne peut pas être renouvelé ici. Dans la Developer Console d’AEM, choisissez Integrations › Local token › Get Local Development Token, puis importez le fichier téléchargé.',
'This local development token has expired. Get a new one in the AEM Developer Console (Integrations › Local token › Get Local Development Token) and import it.': 'Ce jeton de développement local a expiré. Obtenez-en un nouveau dans la Developer Console d’AEM (Integrations › Local token › Get Local Development Token) et importez-le.',
'Access token — %1': 'Jeton d’accès — %1',
'token': 'jeton',
'Authorization header': 'en-tête Authorization',
'curl command': 'commande curl',
'System language': 'Langue du système',
'Takes effect the next time the program starts': 'Prend effet au prochain démarrage du programme',
'Language:': 'Langue :',
'expired': 'expiré',
'%1 s': '%1 s',
'%1 min': '%1 min',
'%1 h %2 min': '%1 h %2 min',
'%1 day': '%1 jour',
'%1 days': '%1 jours',
'no token': 'aucun jeton',
'expiring, %1 left': 'expire bientôt, encore %1',
'valid for %1': 'valide encore %1',
'expires in %1': 'expire dans %1',
'fine, %1 left': 'bon, encore %1',
'Service': 'Service',
'OAuth S2S': 'OAuth S2S',
'Local dev': 'Dév. local',
'Service credentials (JWT, technical account)': 'Identifiants de service (JWT, compte technique)',
'Expires %1': 'Expire le %1',
'Certificate valid until %1': 'Certificat valide jusqu’au %1',
'Kind': 'Type',
'Token': 'Jeton',
'%1:': '%1 :',
'"%1" has no author URL: import it again with an author URL': '« %1 » n’a pas d’URL Author : importez-le à nouveau avec une URL Author',
'"%1" is neither a URL nor a /path': '« %1 » n’est ni une URL ni un /chemin',
'only https:// URLs are supported': 'seules les URL https:// sont prises en charge',
'refusing to send a token over plain http to %1; use https://': 'refus d’envoyer un jeton en http non chiffré à %1 ; utilisez https://',
'%1 is not one of the hosts of "%2"; the token is only sent there after you allow the host explicitly': '%1 n’est pas un des hôtes de « %2 » ; le jeton n’y est envoyé qu’après autorisation explicite de l’hôte',
'AEM refused the token (401): it expired, was revoked, or belongs to another environment than %1': 'AEM a refusé le jeton (401) : il a expiré, a été révoqué, ou appartient à un autre environnement que %1',
'AEM denied the request (403): the technical account user %1 lacks permission; an AEM administrator must grant it': 'AEM a refusé la requête (403) : l’utilisateur du compte technique %1 n’a pas les droits ; un administrateur AEM doit les lui donner',
'AEM denied the request (403): your AEM user lacks permission for it': 'AEM a refusé la requête (403) : votre utilisateur AEM n’a pas les droits nécessaires',
'AEM has nothing at this path (404)': 'AEM n’a rien à ce chemin (404)',
'AEM does not allow this method here (405)': 'AEM n’autorise pas cette méthode ici (405)',
'AEM is rate-limiting requests (429); try again later': 'AEM limite le débit des requêtes (429) ; réessayez plus tard',
'AEM failed with %1; the environment may be starting, updating or down': 'AEM a échoué avec %1 ; l’environnement est peut-être en démarrage, en mise à jour ou arrêté',
'AEM answered %1': 'AEM a répondu %1',
'cannot resolve %1: check the URL and the network': 'impossible de résoudre %1 : vérifiez l’URL et le réseau',
'%1 refused the connection': '%1 a refusé la connexion',
'the TLS certificate of %1 is not trusted (%2); behind a corporate proxy, add its CA certificate as an extra CA file': 'le certificat TLS de %1 n’est pas reconnu (%2) ; derrière un proxy d’entreprise, ajoutez son certificat d’autorité comme fichier d’autorité supplémentaire',
'%1 closed the connection early': '%1 a fermé la connexion prématurément',
'the proxy failed: %1': 'le proxy a échoué : %1',
'network error talking to %1: %2': 'erreur réseau avec %1 : %2',
'%1 sent nothing for %2 s': '%1 n’a rien envoyé pendant %2 s',
'the answer from %1 was cut short: %2': 'la réponse de %1 a été interrompue : %2',
'cannot write %1: %2': 'impossible d’écrire %1 : %2',
'is not a PEM certificate': 'n’est pas un certificat PEM',
'cannot be read as an X.509 certificate': 'ne peut pas être lu comme un certificat X.509',
'cannot read %1: %2': 'impossible de lire %1 : %2',
'%1 is unexpectedly large; not read': '%1 est anormalement volumineux ; non lu',
'%1 is damaged (%2)': '%1 est endommagé (%2)',
'the credential list is locked by another process': 'la liste des identifiants est verrouillée par un autre processus',
'no keychain is available: %1 could not be reached (%2). %3 Nothing is ever stored in plain text.': 'aucun trousseau n’est disponible : %1 est injoignable (%2). %3 Rien n’est jamais enregistré en clair.',
'access to %1 was denied. %2': 'l’accès à %1 a été refusé. %2',
'the secret is missing from %1. %2': 'le secret est absent de %1. %2',
'%1 failed: %2. %3': '%1 a échoué : %2. %3',
'name "%1" is not allowed: use letters, digits, \'.\', \'_\' and \'-\' (at most 80)': 'le nom « %1 » n’est pas autorisé : lettres, chiffres, « . », « _ » et « - » (80 au plus)',
'a different credential is already stored as "%1"; choose another name': 'd’autres identifiants sont déjà enregistrés sous « %1 » ; choisissez un autre nom',
'cannot derive a name from the credential; give one with a name option': 'impossible de déduire un nom des identifiants ; indiquez-en un',
'Nothing was stored.': 'Rien n’a été enregistré.',
'no credential named "%1"': 'aucun identifiant nommé « %1 »',
'Nothing was removed.': 'Rien n’a été supprimé.',
'Cannot read the secrets of "%1".': 'Impossible de lire les secrets de « %1 ».',
'the keychain entry of "%1" is damaged; import the credential again': 'l’entrée du trousseau de « %1 » est endommagée ; importez à nouveau les identifiants',
'a credential named "%1" already exists': 'des identifiants nommés « %1 » existent déjà',
'is missing': 'est absent',
'must be a string': 'doit être une chaîne',
'is empty': 'est vide',
'must be a string or an array of strings': 'doit être une chaîne ou un tableau de chaînes',
'must be a host name such as ims-na1.adobelogin.com': 'doit être un nom d’hôte comme ims-na1.adobelogin.com',
'must be an object': 'doit être un objet',
'is missing: the AEM user to grant permissions to is unknown': 'est absent : l’utilisateur AEM à qui donner les droits est inconnu',
'is not an RSA key (IMS needs RS256)': 'n’est pas une clé RSA (IMS exige RS256)',
'is a %1-bit RSA key; the Developer Console issues 2048-bit keys': 'est une clé RSA de %1 bits ; la Developer Console délivre des clés de 2048 bits',
'does not match the certificate in publicKey': 'ne correspond pas au certificat de publicKey',
'certificate expired on %1; IMS will refuse it: add a new certificate in the Developer Console': 'le certificat a expiré le %1 ; IMS le refusera : ajoutez un nouveau certificat dans la Developer Console',
'certificate is not valid before %1': 'le certificat n’est pas valide avant le %1',
'certificate expires in %1, on %2': 'le certificat expire dans %1, le %2',
'certificate is issued to "%1", not to the client id': 'le certificat est délivré à « %1 », pas à l’identifiant client',
'is not an ISO 8601 date; ignored': 'n’est pas une date ISO 8601 ; ignoré',
'does not agree with the certificate (which expires %1)': 'ne concorde pas avec le certificat (qui expire le %1)',
'has no expiry (neither created_at + expires_in nor exp)': 'n’a pas d’expiration (ni created_at + expires_in ni exp)',
'expired at %1: download a new one from the Developer Console': 'a expiré le %1 : téléchargez-en un nouveau depuis la Developer Console',
'must hold non-empty strings': 'doit contenir des chaînes non vides',
'must be an array of strings': 'doit être un tableau de chaînes',
'warning: ': 'avertissement : ',
'the file is empty': 'le fichier est vide',
'the JSON is nested too deeply': 'le JSON est trop profondément imbriqué',
'not valid JSON (%1 at offset %2)': 'JSON invalide (%1 à la position %2)',
'not a JSON object': 'pas un objet JSON',
'the Developer Console answered with an error (status %1%2), not credentials': 'la Developer Console a répondu par une erreur (statut %1%2), pas par des identifiants',
'neither service credentials (no "integration"), OAuth Server-to-Server credentials (no "client_secrets") nor a local development token (no "accessToken")': 'ni des identifiants de service (pas de « integration »), ni des identifiants OAuth Server-to-Server (pas de « client_secrets »), ni un jeton de développement local (pas de « accessToken »)',
'is not a valid URL': 'n’est pas une URL valide',
'must start with https://': 'doit commencer par https://',
'must use https:// (plain http is only allowed for localhost)': 'doit utiliser https:// (le http non chiffré n’est permis que pour localhost)',
'must be a plain base URL, without user, query or fragment': 'doit être une URL de base simple, sans utilisateur, requête ni fragment',
'IMS refused the client secret: it is wrong or was rotated in the Developer Console': 'IMS a refusé le secret client : il est erroné ou a été renouvelé dans la Developer Console',
'IMS does not know this client id, or it does not match the JWT audience': 'IMS ne connaît pas cet identifiant client, ou il ne correspond pas à l’audience du JWT',
'IMS could not match the JWT signature to a certificate: the certificate is expired, revoked or not registered for this integration': 'IMS n’a pu associer la signature du JWT à aucun certificat : le certificat a expiré, a été révoqué ou n’est pas enregistré pour cette intégration',
"IMS considers the JWT expired: check this computer's clock": 'IMS considère le JWT expiré : vérifiez l’horloge de cet ordinateur',
'IMS could not decode the JWT: it is malformed': 'IMS n’a pas pu décoder le JWT : il est mal formé',
'the metascopes in the credential are not allowed for this integration': 'les métascopes des identifiants ne sont pas autorisés pour cette intégration',
'IMS refused the JWT claims (technical account id, org, expiry or jti badly formatted)': 'IMS a refusé les revendications du JWT (identifiant du compte technique, organisation, expiration ou jti mal formés)',
'this client is not allowed to use this grant': 'ce client n’est pas autorisé à utiliser cet octroi',
'IMS is rate-limiting requests; try again later': 'IMS limite le débit des requêtes ; réessayez plus tard',
'IMS is temporarily unavailable; try again later': 'IMS est momentanément indisponible ; réessayez plus tard',
'the IMS endpoint does not offer this call: check imsEndpoint': 'le point d’accès IMS ne propose pas cet appel : vérifiez imsEndpoint',
'IMS refused the request': 'IMS a refusé la requête',
'after %1 attempts': 'après %1 tentatives',
'IMS answered without an access_token': 'IMS a répondu sans access_token',
'IMS answered without a usable expires_in': 'IMS a répondu sans expires_in utilisable',
'no network access': 'pas d’accès au réseau',
'IMS at %1 did not answer within %2 s': 'IMS sur %1 n’a pas répondu en %2 s',
'cannot resolve %1: check the network connection and the IMS endpoint': 'impossible de résoudre %1 : vérifiez la connexion réseau et le point d’accès IMS',
'the proxy failed (%1)': 'le proxy a échoué (%1)',
'the answer from %1 was larger than expected and was dropped': 'la réponse de %1 était plus grande que prévu et a été abandonnée',
'IMS answered %1 with something that is not JSON': 'IMS a répondu %1 avec autre chose que du JSON',
'(IMS asks to wait %1 s before retrying)': '(IMS demande d’attendre %1 s avant de réessayer)',
'is not a JWT (expected three dot-separated parts)': 'n’est pas un JWT (trois parties séparées par des points attendues)',
'is not a JWT (invalid base64url)': 'n’est pas un JWT (base64url invalide)',
'is not a JWT (header is not a JSON object)': 'n’est pas un JWT (l’en-tête n’est pas un objet JSON)',
'is not a JWT (payload is not a JSON object)': 'n’est pas un JWT (le contenu n’est pas un objet JSON)',
'cannot read the CA file %1: %2': 'impossible de lire le fichier d’autorité %1 : %2',
'the CA file %1 is larger than 4 MiB': 'le fichier d’autorité %1 dépasse 4 Mio',
'the CA file %1 holds no PEM certificate': 'le fichier d’autorité %1 ne contient aucun certificat PEM',
'is not a PEM private key': 'n’est pas une clé privée PEM',
'is encrypted with a pass phrase, which is not supported': 'est chiffrée par une phrase secrète, ce qui n’est pas pris en charge',
'cannot be read as a private key': 'ne peut pas être lue comme une clé privée',
'cannot read the request history %1': 'impossible de lire l’historique des requêtes %1',
'%1\n%2 with %3, %4 ms, %5': '%1\n%2 avec %3, %4 ms, %5',
'%1 bytes': '%1 octets',
'cannot buffer the answer on disk: %1': 'impossible de mettre la réponse en mémoire tampon sur le disque : %1',
'there is no answer to save': 'il n’y a pas de réponse à enregistrer',
'cannot write %1': 'impossible d’écrire %1',
'the macOS Keychain': 'le trousseau de macOS',
'the Windows Credential Manager': 'le Gestionnaire d’identification de Windows',
'the Secret Service keychain (GNOME Keyring or KWallet)': 'le trousseau Secret Service (GNOME Keyring ou KWallet)',
"Revoking a token ends that token only. To revoke the credentials themselves (for example after a leak):\n1. In Cloud Manager, open the environment's Developer Console.\n2. Under Integrations › Technical Accounts, expand the technical account.\n3. Revoke the private key (certificate) that leaked, after adding a new one if the integration must keep working.\n4. If that option is not available to you, ask Adobe support to revoke the credentials.\nThen import the new service credentials here.": 'Révoquer un jeton ne met fin qu’à ce jeton. Pour révoquer les identifiants eux-mêmes (par exemple après une fuite) :\n1. Dans Cloud Manager, ouvrez la Developer Console de l’environnement.\n2. Sous Integrations › Technical Accounts, dépliez le compte technique.\n3. Révoquez la clé privée (le certificat) compromise, après en avoir ajouté une nouvelle si l’intégration doit continuer à fonctionner.\n4. Si cette option ne vous est pas proposée, demandez au support Adobe de révoquer les identifiants.\nImportez ensuite ici les nouveaux identifiants de service.',
'"%1" is a local development token: it expires by itself and cannot be revoked here': '« %1 » est un jeton de développement local : il expire de lui-même et ne peut pas être révoqué ici',
'"%1" has no cached token to revoke': '« %1 » n’a pas de jeton en cache à révoquer',
'IMS did not revoke the token: %1': 'IMS n’a pas révoqué le jeton : %1',
'revoked the token of "%1"; the next request mints a new one': 'jeton de « %1 » révoqué ; la prochaine requête en créera un nouveau',
'the stored private key of "%1" %2': 'la clé privée enregistrée de « %1 » %2',
'is not an RSA key': 'n’est pas une clé RSA',
'signing the JWT failed': 'la signature du JWT a échoué',
'"%1" is a local development token, which cannot be renewed: download a new one from the Developer Console (Get Local Development Token) and import it': '« %1 » est un jeton de développement local, qui ne peut pas être renouvelé : téléchargez-en un nouveau depuis la Developer Console (Get Local Development Token) et importez-le',
'the local development token "%1" expired at %2: download a new one from the Developer Console (Get Local Development Token) and import it': 'le jeton de développement local « %1 » a expiré le %2 : téléchargez-en un nouveau depuis la Developer Console (Get Local Development Token) et importez-le',
'Cannot read the cached token.': 'Impossible de lire le jeton en cache.',
'cannot create the lock file %1': 'impossible de créer le fichier de verrou %1',
'another process has been minting a token for "%1" for too long': 'un autre processus obtient un jeton pour « %1 » depuis trop longtemps',
'the keychain entry of "%1" holds no client secret; import it again': 'l’entrée du trousseau de « %1 » ne contient aucun secret client ; importez-la à nouveau',
'cannot get a token for "%1": %2': 'impossible d’obtenir un jeton pour « %1 » : %2',
'no cached token for "%1"': 'aucun jeton en cache pour « %1 »',
}
# Keyboard shortcuts stay the same in French.
# --- the aemtoken command line ---
CLI = {
'%1 needs a value': '%1 attend une valeur',
'unknown option %1': 'option inconnue %1',
'cannot read standard input': 'impossible de lire l’entrée standard',
'%1: larger than %2 KiB; not read': '%1 : plus de %2 Kio ; non lu',
'%1; retrying (attempt %2) in %3 s': '%1 ; nouvel essai (tentative %2) dans %3 s',
'--timeout takes seconds between 0 and 3600': '--timeout attend un nombre de secondes entre 0 et 3600',
'cannot read the CA file %1': 'impossible de lire le fichier d’AC %1',
'unknown command "%1"': 'commande inconnue « %1 »',
'import takes one FILE (or - for stdin)': 'import attend un FICHIER (ou - pour l’entrée standard)',
'replaced the earlier import of "%1"': 'l’import précédent de « %1 » a été remplacé',
'list takes no arguments': 'list n’attend aucun argument',
'no credentials stored; add one with: aemtoken import FILE': 'aucun identifiant enregistré ; ajoutez-en avec : aemtoken import FICHIER',
'NAME': 'NOM',
'KIND': 'TYPE',
'ENVIRONMENT': 'ENVIRONNEMENT',
'TOKEN': 'JETON',
'CERTIFICATE': 'CERTIFICAT',
'valid %1': 'valide %1',
'none': 'aucun',
'EXPIRED %1': 'EXPIRÉ %1',
'%1 days left': 'encore %1 jours',
'token takes one NAME': 'token attend un NOM',
'check takes one FILE or NAME': 'check attend un FICHIER ou un NOM',
'kind': 'type',
'client id': 'identifiant client',
'technical account': 'compte technique',
'AEM user (email)': 'utilisateur AEM (e-mail)',
'org': 'organisation',
'scopes': 'portées',
'client secrets': 'secrets client',
'%1 (tried in order)': '%1 (essayés dans l’ordre)',
'service credentials': 'identifiants de service',
'environment': 'environnement',
'metascopes': 'métascopes',
'certificate': 'certificat',
'CN=%1, %2 to %3 (%4 days left)': 'CN=%1, du %2 au %3 (encore %4 jours)',
'private key': 'clé privée',
'RSA %1 bits, matches the certificate': 'RSA %1 bits, correspond au certificat',
'user': 'utilisateur',
'expires': 'expire',
'"%1" is neither a file nor a stored credential': '« %1 » n’est ni un fichier ni un identifiant enregistré',
'decode takes at most one TOKEN, NAME or -': 'decode attend au plus un JETON, un NOM ou -',
'the token %1': 'le jeton %1',
'in %1': 'dans %1',
'header': 'en-tête',
'created': 'créé',
'claims': 'revendications',
'%1:': '%1 :',
'request takes NAME and URL or /PATH': 'request attend un NOM et une URL ou un /CHEMIN',
"-H takes 'Name: value'": "-H attend 'Nom: valeur'",
'the Authorization header comes from the credential; do not pass one': 'l’en-tête Authorization vient de l’identifiant ; n’en passez pas',
'AEM refused the cached token (401); minting a new one': 'AEM a refusé le jeton en cache (401) ; émission d’un nouveau',
'remove takes one NAME': 'remove attend un NOM',
'set takes NAME and at least one of --author, --publish, --preview': 'set attend un NOM et au moins une option parmi --author, --publish, --preview',
'validate takes one NAME': 'validate attend un NOM',
'IMS says the token is not valid (%1)': 'IMS indique que le jeton n’est pas valide (%1)',
'no reason given': 'sans raison donnée',
'valid until %1': 'valide jusqu’au %1',
'revoke takes one NAME': 'revoke attend un NOM',
'sandbox takes only --port and --dir': 'sandbox n’accepte que --port et --dir',
'--port takes a number from 0 to 65535': '--port attend un nombre de 0 à 65535',
'sandbox: %1': 'bac à sable : %1',
'AEM Token Manager sandbox (IMS + AEM author p%1-e%2) listening on %3': 'Bac à sable d’AEM Token Manager (IMS + AEM author p%1-e%2) à l’écoute sur %3',
'CA certificate': 'certificat d’AC',
'OAuth credentials': 'identifiants OAuth',
'local dev token': 'jeton de dév. local',
'Try:': 'Essayez :',
'Press Ctrl+C to stop.': 'Ctrl+C pour arrêter.',
'(this revokes the token only; for the credentials themselves see the Developer Console, as `aemtoken help` explains)':
    '(seul le jeton est révoqué ; pour les identifiants eux-mêmes, voir la Developer Console, comme l’explique `aemtoken help`)',
'Access tokens for AEM as a Cloud Service, secrets in the system keychain.':
    'Jetons d’accès pour AEM as a Cloud Service, secrets dans le trousseau du système.',
'Start the built-in IMS/AEM emulator with a separate store and demo credentials.':
    'Démarrer l’émulateur IMS/AEM intégré avec un stockage séparé et des identifiants de démonstration.',
'''Usage: aemtoken [--ca-file PEM] [--timeout SECONDS] COMMAND ...

Keeps AEM as a Cloud Service credentials in the OS keychain and prints access tokens.

Commands:
  import FILE|- [--name NAME] [--author URL] [--publish URL] [--preview URL]
                     store service credentials, OAuth Server-to-Server credentials or a
                     local development token; prints the name
  list [--json]      stored credentials, their environments and expiries
  token NAME [--fresh] [--json]
                     a valid access token on stdout (cached while >= 10 min remain)
  check FILE|NAME [--json]
                     offline validation; exit 1 with one line per problem
  decode [TOKEN|-|NAME] [--json]
                     claims, creation and expiry of a token (stdin when omitted)
  request NAME [-X METHOD] URL|/PATH [-H 'K: V']... [-d DATA|@FILE] [-i] [-o FILE] [--allow-host HOST]
                     call AEM with the credential's token; /PATH uses its author URL
  set NAME [--author URL] [--publish URL] [--preview URL]
                     change the hosts a credential's token may be sent to ("" clears one)
  validate NAME [--json]
                     ask IMS whether the credential's current token is valid
  revoke NAME        revoke the cached token at IMS and forget it
  remove NAME        delete a credential and its keychain entries
  sandbox [--port N] [--dir DIR]
                     run the local IMS + AEM emulator in the foreground

Options:
  --ca-file PEM      trust this CA file too (also AEMTOKEN_CA_FILE); TLS is always verified
  --timeout SECONDS  network timeout: per IMS attempt, and for AEM the longest
                     silence while waiting for or receiving an answer (default 30)
  --version, --help

Exit status: 0 success, 1 failure (reason on stderr), 2 usage.
Messages follow the locale (LANGUAGE, LC_ALL, LANG); tokens and --json output never change.

Revoking credentials (not only a token), for example after a leak: in the environment's AEM
Developer Console, Integrations > Technical Accounts, add a new certificate, import the new JSON,
then revoke the old private key; or ask Adobe support.
No secret is ever accepted as an argument; files follow the XDG base directories.
''':
'''Usage : aemtoken [--ca-file PEM] [--timeout SECONDES] COMMANDE ...

Garde les identifiants d’AEM as a Cloud Service dans le trousseau du système et affiche
des jetons d’accès.

Commandes :
  import FICHIER|- [--name NOM] [--author URL] [--publish URL] [--preview URL]
                     enregistre des identifiants de service, des identifiants OAuth
                     Server-to-Server ou un jeton de développement local ; affiche le nom
  list [--json]      identifiants enregistrés, leurs environnements et expirations
  token NOM [--fresh] [--json]
                     un jeton d’accès valide sur la sortie standard (réutilisé tant qu’il
                     reste >= 10 min)
  check FICHIER|NOM [--json]
                     vérification hors ligne ; code 1 et une ligne par problème
  decode [JETON|-|NOM] [--json]
                     revendications, création et expiration d’un jeton (entrée standard si omis)
  request NOM [-X MÉTHODE] URL|/CHEMIN [-H 'C: V']... [-d DONNÉES|@FICHIER] [-i] [-o FICHIER] [--allow-host HÔTE]
                     appelle AEM avec le jeton de l’identifiant ; /CHEMIN part de son URL author
  set NOM [--author URL] [--publish URL] [--preview URL]
                     change les hôtes auxquels le jeton peut être envoyé ("" en efface un)
  validate NOM [--json]
                     demande à IMS si le jeton actuel de l’identifiant est valide
  revoke NOM         révoque le jeton en cache auprès d’IMS et l’oublie
  remove NOM         supprime un identifiant et ses entrées du trousseau
  sandbox [--port N] [--dir RÉPERTOIRE]
                     lance l’émulateur local IMS + AEM au premier plan

Options :
  --ca-file PEM      fait aussi confiance à ce fichier d’AC (ou AEMTOKEN_CA_FILE) ;
                     TLS est toujours vérifié
  --timeout SECONDES délai réseau : par tentative IMS, et pour AEM le plus long silence
                     en attendant ou en recevant une réponse (30 par défaut)
  --version, --help

Code de sortie : 0 succès, 1 échec (raison sur la sortie d’erreur), 2 usage.
Les messages suivent la locale (LANGUAGE, LC_ALL, LANG) ; les jetons et la sortie --json
ne changent jamais.

Révoquer des identifiants (pas seulement un jeton), par exemple après une fuite : dans la Developer
Console AEM de l’environnement, Integrations > Technical Accounts, ajoutez un nouveau certificat,
importez le nouveau JSON, puis révoquez l’ancienne clé privée ; ou demandez au support Adobe.
Aucun secret n’est jamais accepté en argument ; les fichiers suivent les répertoires de base XDG.
''',
}
FR.update(CLI)
FR.update({
'Proxy sign-in': 'Identification auprès du proxy',
'The proxy %1 asks you to sign in.': 'Le proxy %1 vous demande de vous identifier.',
'The proxy %1 asks you to sign in (%2).': 'Le proxy %1 vous demande de vous identifier (%2).',
'Proxy user name': 'Nom d’utilisateur du proxy',
'Proxy password': 'Mot de passe du proxy',
'&User name:': 'Nom d’&utilisateur :',
'&Password:': 'Mot de &passe :',
'Kept in memory until the program quits; never written to disk.': 'Gardé en mémoire jusqu’à la fermeture du programme ; jamais écrit sur le disque.',
'Sign in': 'S’identifier',
'Manual proxy: the host name only, without user, password, scheme or port (the program asks you to sign in when the proxy wants it).':
    'Proxy manuel : le nom d’hôte seul, sans utilisateur, mot de passe, schéma ni port (le programme vous demande de vous identifier quand le proxy le veut).',
})
FR['the proxy asks to sign in (%1): with Kerberos, get a ticket (kinit); with a user name and password, put them in the proxy address, http://USER:PASSWORD@HOST:PORT (system proxy settings or https_proxy)'] = \
    'le proxy demande une identification (%1) : avec Kerberos, obtenez un ticket (kinit) ; avec un nom d’utilisateur et un mot de passe, mettez-les dans l’adresse du proxy, http://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT (réglages proxy du système ou https_proxy)'

SAME = re.compile(r'^Ctrl\+')

# Where one context wants another wording than the table's (the command line's labels are lower case).
BY_CONTEXT = {
    'aem::Cli': {
        'IMS endpoint': 'point d’accès IMS',
        'OAuth Server-to-Server credentials': 'identifiants OAuth Server-to-Server',
    },
}

def main(path, refill_contexts=()):
    text = open(path, encoding='utf-8').read()
    missing = []
    context = ['']
    def fill(m):
        src = html.unescape(m.group(1))
        if SAME.match(src):
            fr = src
        elif src in BY_CONTEXT.get(context[0], {}):
            fr = BY_CONTEXT[context[0]][src]
        elif src in FR:
            fr = FR[src]
        else:
            missing.append(src)
            return m.group(0)
        return '<source>%s</source>%s\n        <translation>%s</translation>' % (m.group(1), m.group(2) or '', html.escape(fr, quote=False))
    # lupdate leaves new entries unfinished, sometimes pre-filled with a guess from another context.
    def fill_context(c):
        context[0] = html.unescape(c.group(1))
        return re.sub(r'<source>([^<]*)</source>(\s*<comment>[^<]*</comment>)?\s*<translation type="unfinished">[^<]*</translation>',
                      fill, c.group(0))
    # The context-specific wordings replace what an earlier run may have filled in from the table.
    for ctx, table in BY_CONTEXT.items():
        for src, fr in table.items():
            text = re.sub(r'(<name>%s</name>(?:(?!</context>).)*?<source>%s</source>\s*)<translation>[^<]*</translation>'
                          % (re.escape(html.escape(ctx, quote=False)), re.escape(html.escape(src, quote=False))),
                          lambda m: m.group(1) + '<translation>%s</translation>' % html.escape(fr, quote=False), text,
                          count=1, flags=re.S)
    text = re.sub(r'<context>\s*<name>([^<]*)</name>.*?</context>', fill_context, text, flags=re.S)
    open(path, 'w', encoding='utf-8').write(text)
    for m in missing:
        print('untranslated:', repr(m))
    return 1 if missing else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
