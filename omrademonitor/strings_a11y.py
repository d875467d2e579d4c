"""UI words for the accessibility statement; merged into ``i18n.STRINGS``."""

A11Y_STRINGS: dict[str, tuple[str, str]] = {
    "nav_accessibility": ("Tilgjengelighetserklæring", "Accessibility statement"),
    "a11y_title": ("Tilgjengelighetserklæring for Områdemonitor", "Accessibility statement for Områdemonitor"),
    "a11y_intro": (
        "Offentlige virksomheter skal ha universelt utformede nettløsninger og publisere en "
        "tilgjengelighetserklæring (likestillings- og diskrimineringsloven og forskrift om universell "
        "utforming av IKT-løsninger). Erklæringen gjelder alle sider i Områdemonitor, på norsk og engelsk.",
        "Public bodies in Norway must have universally designed web solutions and publish an accessibility "
        "statement (the Equality and Anti-Discrimination Act and the regulation on universal design of ICT). "
        "This statement covers every page of Områdemonitor, in Norwegian and English.",
    ),
    "a11y_status_heading": ("Status", "Status"),
    "a11y_status": (
        "Områdemonitor er **delvis i samsvar** med WCAG 2.1 nivå A og AA. Kravene som ikke er oppfylt, står under.",
        "Områdemonitor **partially conforms** to WCAG 2.1 levels A and AA. The requirements not met are listed below.",
    ),
    "a11y_not_met_heading": ("Dette er ikke i samsvar med kravene", "What does not meet the requirements"),
    "a11y_not_met_intro": (
        "Alle punktene skyldes komponenter fra Streamlit, rammeverket appen er bygget med, og kan ikke "
        "rettes fra appens side uten å erstatte komponentene. De blir rettet når Streamlit retter dem.",
        "Every point is caused by components of Streamlit, the framework the app is built with, and cannot "
        "be fixed from the app's side without replacing those components. They are fixed when Streamlit "
        "fixes them.",
    ),
    "a11y_criterion": ("WCAG-krav {criterion}", "WCAG criterion {criterion}"),
    "a11y_found_by_axe": ("funnet av axe-core, regel «{rule}»", 'found by axe-core, rule "{rule}"'),
    "a11y_found_by_review": ("funnet ved manuell gjennomgang", "found by manual review"),
    "a11y_done_heading": ("Dette er gjort", "What has been done"),
    "a11y_done": (
        "- Tekstfarger har minst kontrast 4,5:1 mot bakgrunnen, også hjelpetekster.\n"
        "- Sidens språk (`lang`) er språket du har valgt.\n"
        "- Status vises alltid med ord og symbol, ikke bare med farge.\n"
        "- Hvert område har sin faste farge, linjetype og markør i alle diagrammer (fargepalett som "
        "også fungerer ved fargeblindhet), og diagrammer med flere linjer har tegnforklaring.\n"
        "- Hvert diagram har en tekstbeskrivelse og en tabell med de samme tallene.",
        "- Text colours have a contrast of at least 4.5:1 against the background, captions included.\n"
        "- The page's language (`lang`) is the language you have chosen.\n"
        "- Status is always shown with words and a symbol, never by colour alone.\n"
        "- Each area has its own fixed colour, line style and marker in every chart (a palette that also "
        "works with colour blindness), and charts with more than one line have a legend.\n"
        "- Every chart has a text description and a table with the same numbers.",
    ),
    "a11y_method_heading": ("Slik er løsningen testet", "How the service was tested"),
    "a11y_method": (
        "Egenvurdering. Hver testkjøring går gjennom alle sidene i menyen med axe-core ({axe}, reglene "
        "for WCAG 2.0 og 2.1 nivå A og AA), både som anonym leser og som administrator, på norsk og "
        "engelsk, i nettleseren Chromium. Testen feiler ved alvorlige og kritiske brudd i appens egen kode. "
        "Punktene som ikke er funnet av axe-core, er funnet ved å gå gjennom sidene for hånd. Ikke alle "
        "krav kan testes automatisk; tastaturbruk og "
        "skjermleser er ikke testet systematisk ennå.",
        "Self-assessment. Every test run goes through every page in the menu with axe-core ({axe}, the "
        "WCAG 2.0 and 2.1 level A and AA rules), as an anonymous reader and as an administrator, in "
        "Norwegian and English, in the Chromium browser. The test fails on serious and critical violations "
        "in the app's own code. The points not found by axe-core were found by going through the pages by "
        "hand. Not every requirement can be "
        "tested automatically; keyboard use and screen readers have not yet been tested systematically.",
    ),
    "a11y_feedback_heading": ("Tilbakemelding og kontakt", "Feedback and contact"),
    "a11y_feedback": (
        "Finner du noe som ikke fungerer for deg, eller trenger du innholdet i en annen form, skriv til "
        "{contact}. Vi svarer så snart vi kan.",
        "If something does not work for you, or you need the content in another form, write to "
        "{contact}. We answer as soon as we can.",
    ),
    "a11y_no_contact": (
        "programsekretariatet (kontaktadressen er ikke satt i denne installasjonens innstillinger, `feedback_contact`)",
        "the programme secretariat (the contact address is not set in this installation's settings, "
        "`feedback_contact`)",
    ),
    "a11y_complaint": (
        "Får du ikke svar, eller er du ikke fornøyd med svaret, kan du klage til Tilsynet for universell "
        "utforming av ikt (uutilsynet.no).",
        "If you get no answer, or are not satisfied with it, you can complain to the Norwegian Authority "
        "for Universal Design of ICT (uutilsynet.no).",
    ),
    "a11y_dates": (
        "Erklæringen ble laget {date} og sist oppdatert {date}.",
        "The statement was made on {date} and last updated on {date}.",
    ),
}
