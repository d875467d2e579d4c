"""UI words for effect evaluation and the SQL console; merged into ``i18n.STRINGS``."""

EFFECT_STRINGS: dict[str, tuple[str, str]] = {
    "nav_effects": ("Effektevaluering", "Effect evaluation"),
    "nav_sql": ("SQL-konsoll", "SQL console"),
    "effects_intro": (
        "Forskjell-i-forskjeller: endringen i programområdet fra før til etter oppstart, minus endringen i "
        "sammenligningsområdene i samme tid. Enheter er levekårssoner; skjermede tall er utelatt.",
        "Difference-in-differences: the change in the programme area from before to after the start, minus "
        "the change in the comparison areas over the same time. Units are living-condition zones; hidden "
        "figures are left out.",
    ),
    "effect_indicator": ("Utfallsindikator", "Outcome indicator"),
    "treated_choice": ("Programområde", "Programme area"),
    "both_areas": ("Begge programområdene", "Both programme areas"),
    "comparison_design": ("Sammenligningsområder", "Comparison areas"),
    "comparison_all": ("Alle andre levekårssoner", "All other living-condition zones"),
    "comparison_designated_developers": (
        "Sammenligningsområder foreslått av utviklerne (ikke valgt av programmet)",
        "Comparison areas suggested by the developers (not chosen by the programme)",
    ),
    "comparison_designated_programme": (
        "Programmets valgte sammenligningsområder",
        "The programme's chosen comparison areas",
    ),
    "comparison_basis_developers": (
        "Sammenligningsområdene i programfilen er foreslått av utviklerne av Områdemonitor som tette bysoner uten "
        "egen områdesatsing. Programmet har ikke valgt dem.",
        "The comparison areas in the programme file were suggested by Områdemonitor's developers as dense urban "
        "zones without an area programme of their own. The programme has not chosen them.",
    ),
    "comparison_basis_programme": (
        "Sammenligningsområdene er valgt av programmet: {decision}.",
        "The comparison areas were chosen by the programme: {decision}.",
    ),
    "comparison_similar": ("De mest like sonene før oppstart", "The zones most alike before the start"),
    "matching_indicators": ("Lik på (tall før oppstart)", "Alike on (figures before the start)"),
    "neighbours": ("Antall like soner per programområde", "Similar zones per programme area"),
    "first_post_year": ("Første år med mulig effekt", "First year with a possible effect"),
    "first_post_help": (
        "Avtalen ble signert i desember {start}, så {default} er første år tiltakene kan ha virket. Endre "
        "året for å se hvor følsomt resultatet er.",
        "The agreement was signed in December {start}, so {default} is the first year measures can have "
        "worked. Change the year to see how sensitive the result is.",
    ),
    "estimated_effect": ("Anslått effekt", "Estimated effect"),
    "interval_95": ("95 %-intervall", "95 % interval"),
    "interval_help": (
        "Fra placebo-anslagene, i samme enhet som effekten.",
        "From the placebo estimates, in the unit of the effect.",
    ),
    "permutation_p": ("p-verdi (placebo)", "p-value (placebo)"),
    "mde": ("Minste påviselige effekt", "Minimum detectable effect"),
    "mde_help": (
        "Den minste sanne effekten en test på 5 %-nivå finner med 80 % sannsynlighet, gitt antall områder, "
        "år og støy (2,8 × spredningen i placebo-anslagene).",
        "The smallest true effect a 5 % test finds with 80 % probability, given the areas, years and noise "
        "(2.8 × the spread of the placebo estimates).",
    ),
    "effect_sizes": (
        "{units} områder ({treated} i programmet), {periods} år, {obs} tall. Klyngerobust intervall (etter "
        "område): {low} til {high}.",
        "{units} areas ({treated} in the programme), {periods} years, {obs} figures. Cluster-robust interval "
        "(by area): {low} to {high}.",
    ),
    "few_treated_note": (
        "Med bare {treated} programområde(r) er klyngerobuste standardfeil upålitelige (Conley og Taber 2011). "
        "Intervallet og p-verdien over kommer derfor fra placebo-anslag: hvert sammenligningsområde (eller "
        "hver kombinasjon) behandlet som om det var programområdet, {draws} ganger.",
        "With only {treated} programme area(s), cluster-robust standard errors are unreliable (Conley and "
        "Taber 2011). The interval and p-value above therefore come from placebo estimates: each comparison "
        "area (or combination) treated as if it were the programme area, {draws} times.",
    ),
    "few_draws_note": (
        "Med så få sammenligningsområder kan p-verdien ikke bli lavere enn {floor}.",
        "With this few comparison areas the p-value cannot go below {floor}.",
    ),
    "verdict_effect": (
        "Endringen i programområdet skiller seg fra sammenligningsområdenes mer enn tilfeldigheter forklarer "
        "(placebo-intervallet dekker ikke 0). Det er et anslag på effekt bare hvis utviklingen ellers ville "
        "vært parallell; se årene før oppstart nedenfor.",
        "The change in the programme area differs from the comparison areas' by more than chance explains "
        "(the placebo interval does not cover 0). That is an effect estimate only if the trends would "
        "otherwise have been parallel; see the years before the start below.",
    ),
    "verdict_none": (
        "Ingen forskjell større enn tilfeldigheter forklarer. Det betyr ikke at effekten er null: effekter "
        "mindre enn {mde} kan ikke påvises med disse dataene.",
        "No difference larger than chance explains. That does not mean no effect: effects smaller than {mde} "
        "cannot be detected with these data.",
    ),
    "event_study": ("Effekt år for år", "Effect year by year"),
    "event_axis": ("Forskjell mot sammenligningsområdene", "Difference from the comparison areas"),
    "event_reference": ("referanseår {year}", "reference year {year}"),
    "event_reference_note": (
        "Hvert år måles mot referanseåret {year}: siste år før oppstart der alle valgte programområder har et "
        "vist tall{skipped}. Strekene er placebo-intervaller; tabellen under har også de klyngerobuste.",
        "Each year is measured against the reference year {year}: the last year before the start in which every "
        "chosen programme area has a shown figure{skipped}. The bars are placebo intervals; the table below also "
        "has the cluster-robust ones.",
    ),
    "event_reference_skipped": (
        " ({years} mangler for minst ett programområde)",
        " ({years} lacks a figure for at least one programme area)",
    ),
    "event_table": ("Tallene år for år", "The year-by-year figures"),
    "event_column_year": ("År", "Year"),
    "event_column_effect": ("Effekt", "Effect"),
    "event_column_cluster_ci": ("Klyngerobust 95 %-intervall", "Cluster-robust 95 % interval"),
    "event_column_placebo_ci": ("Placebo 95 %-intervall", "Placebo 95 % interval"),
    "pretrend_tests": ("Test av årene før oppstart", "Tests of the years before the start"),
    "pretrend_permutation": (
        "Placebotest (permutasjon): p = {p}, {draws} placebo-trekk.",
        "Placebo (permutation) test: p = {p}, {draws} placebo draws.",
    ),
    "pretrend_wald": (
        "Konvensjonell test (klyngerobust Wald, F({q}, {df}) = {f}): p = {p}.",
        "Conventional test (cluster-robust Wald, F({q}, {df}) = {f}): p = {p}.",
    ),
    "pretrend_not_possible": ("{test}: kan ikke beregnes her.", "{test}: cannot be computed here."),
    "pretrend_name_permutation": ("Placebotest", "Placebo test"),
    "pretrend_name_wald": ("Konvensjonell test", "Conventional test"),
    "pretrend_rests_on_permutation": (
        "Vurderingen bygger på placebotesten, fordi det er færre enn {few} programområder: da avviser "
        "klyngerobuste tester altfor ofte (MacKinnon og Webb 2017; Conley og Taber 2011). I simulerte data med 2 "
        "av 60 områder i programmet og parallelle trender avviste den konvensjonelle testen i 100 av 100 forsøk, "
        "placebotesten i 5. Den konvensjonelle testen vises til sammenligning.",
        "The verdict rests on the placebo test, because there are fewer than {few} programme areas: cluster-robust "
        "tests then reject far too often (MacKinnon and Webb 2017; Conley and Taber 2011). On simulated data with "
        "2 of 60 areas in the programme and parallel trends, the conventional test rejected in 100 of 100 runs, "
        "the placebo test in 5. The conventional test is shown for comparison.",
    ),
    "pretrend_disagree": (
        "Testene er uenige: {other} gir p = {p}. Vurderingen over bygger på {primary}, av grunnen som er nevnt; "
        "se også intervallene år for år i tabellen.",
        "The tests disagree: the {other} gives p = {p}. The verdict above rests on the {primary}, for the reason "
        "given; see also the year-by-year intervals in the table.",
    ),
    "pretrend_rests_on_wald": (
        "Vurderingen bygger på den konvensjonelle testen, fordi det er minst {few} programområder; placebotesten "
        "vises til sammenligning.",
        "The verdict rests on the conventional test, because there are at least {few} programme areas; the "
        "placebo test is shown for comparison.",
    ),
    "pretrend_ok": (
        "Årene før oppstart: ingen tegn til ulik utvikling (p = {p}). Det beviser ikke parallelle trender, men "
        "designet består testen.",
        "Years before the start: no sign of diverging trends (p = {p}). That does not prove parallel trends, but "
        "the design passes the test.",
    ),
    "pretrend_broken": (
        "Årene før oppstart: programområdet utviklet seg allerede annerledes enn sammenligningsområdene "
        "(p = {p}). Designet holder ikke; anslaget over kan ikke leses som effekt. Prøv de mest like sonene.",
        "Years before the start: the programme area was already developing differently from the comparison "
        "areas (p = {p}). The design breaks; the estimate above cannot be read as an effect. Try the most "
        "similar zones.",
    ),
    "pretrend_unknown": (
        "For få år før oppstart til å teste om utviklingen var parallell.",
        "Too few years before the start to test whether trends were parallel.",
    ),
    "few_clusters_note": (
        "Bare {clusters} områder i beregningen: klyngerobuste standardfeil er upålitelige med færre enn {minimum}.",
        "Only {clusters} areas in the estimate: cluster-robust standard errors are unreliable with fewer than "
        "{minimum}.",
    ),
    "degenerate_variance_note": (
        "Den klyngerobuste variansen er null (den kansellerer innenfor de {clusters} områdene), så det gis ikke "
        "noe klyngerobust intervall.",
        "The cluster-robust variance is zero (it cancels within the {clusters} areas), so no cluster-robust "
        "interval is given.",
    ),
    "balance": ("Balanse før oppstart", "Balance before the start"),
    "balance_help": (
        "Gjennomsnitt før oppstart. Standardisert forskjell: forskjellen delt på spredningen blant alle "
        "kandidatsonene; under 0,25 regnes vanligvis som god balanse.",
        "Means before the start. Standardised difference: the difference over the spread among all candidate "
        "zones; below 0.25 is usually taken as good balance.",
    ),
    "programme_areas_column": ("Programområde(r)", "Programme area(s)"),
    "matched_column": ("Valgte sammenligningsområder", "Chosen comparison areas"),
    "all_candidates_column": ("Alle kandidater", "All candidates"),
    "std_diff_matched": ("Std. forskjell, valgte", "Std. difference, chosen"),
    "std_diff_all": ("Std. forskjell, alle", "Std. difference, all"),
    "method_and_inputs": ("Metode og nøyaktige inndata", "Method and exact inputs"),
    "method_text": (
        "Toveis faste effekter (område og år), minste kvadraters metode: utfall = β·(programområde × etter "
        "oppstart) + områdeeffekt + årseffekt. Standardfeil klynget på område (CR1). Placebo i rom: samme "
        "anslag med sammenligningsområder som om de var programområdet; p-verdien er andelen anslag minst like "
        "langt fra 0, intervallet β̂ minus placebo-fordelingens kvantiler (Conley og Taber 2011). Effekt år "
        "for år: samme modell med ett ledd per år relativt til oppstart, målt mot siste år før oppstart der alle "
        "programområdene har et tall (et design som ikke kan anslås, avvises); årene før testes to ganger: summen "
        "av kvadrerte, standardiserte koeffisienter mot placebo-fordelingen, og en klyngerobust Wald F-test. "
        "Estimatoren er testet mot statsmodels, Wooldridges eksempel 13.3 og organdonasjonseksempelet i The Effect.",
        "Two-way fixed effects (area and year), ordinary least squares: outcome = β·(programme area × after "
        "the start) + area effect + year effect. Standard errors clustered by area (CR1). Placebo in space: "
        "the same estimate with comparison areas as if they were the programme area; the p-value is the share "
        "of estimates at least as far from 0, the interval β̂ minus the placebo distribution's quantiles "
        "(Conley and Taber 2011). Effect year by year: the same model with one term per year relative to the "
        "start, measured against the last year before the start in which every programme area has a figure "
        "(a design that cannot be estimated is refused); the years before are tested twice: the sum of squared, "
        "standardised coefficients against its placebo distribution, and a cluster-robust Wald F-test. The "
        "estimator is tested against statsmodels, Wooldridge's Example 13.3 and The Effect's organ-donation "
        "example.",
    ),
    "reproduce_heading": ("Slik gjenskaper du anslaget", "How to reproduce the estimate"),
    "download_panel_csv": ("Last ned panelet (CSV)", "Download the panel (CSV)"),
    "download_panel_parquet": ("Last ned panelet (Parquet)", "Download the panel (Parquet)"),
    "download_codebook": ("Last ned kodebok", "Download the codebook"),
    "download_spec": ("Last ned inndata (JSON)", "Download the inputs (JSON)"),
    "effects_insufficient_no_treated_before": (
        "For lite data: programområdet har ingen viste tall før oppstart.",
        "Insufficient data: the programme area has no shown figures before the start.",
    ),
    "effects_insufficient_no_treated_after": (
        "For lite data: programområdet har ingen viste tall etter oppstart.",
        "Insufficient data: the programme area has no shown figures after the start.",
    ),
    "effects_insufficient_too_few_comparison": (
        "For lite data: færre enn fem sammenligningsområder har tall både før og etter oppstart.",
        "Insufficient data: fewer than five comparison areas have figures both before and after the start.",
    ),
    "effects_insufficient_other": ("For lite data: {reason}", "Insufficient data: {reason}"),
    "sql_intro": (
        "Skrivebeskyttet SQL (DuckDB) mot de publiserte tallene. Bare én SELECT om gangen; ingen tilgang til "
        "andre filer eller nettet; stoppes etter {seconds} sekunder eller ved {memory} MB minne; høyst {rows} rader. "
        "Tabellen published_observations holder de samme tallene som sidene viser: skjermede tall står uten "
        "verdi, og hvorfor et tall er skjermet, står ikke. Rådata og navn på personer er ikke med.",
        "Read-only SQL (DuckDB) on the published figures. One SELECT at a time; no access to other files or "
        "the network; stopped after {seconds} seconds or at {memory} MB of memory; at most {rows} rows. Figures "
        "in published_observations are those the pages show: hidden figures have no value, and why a figure is "
        "hidden is not stated. Raw data and people's names are not included.",
    ),
    "sql_stopped_time": (
        "Spørringen ble stoppet fordi den brukte mer enn tidsgrensen på {limit} sekunder. Prøv en enklere "
        "spørring eller færre rader.",
        "The query was stopped because it took longer than the time limit of {limit} seconds. Try a simpler "
        "query or fewer rows.",
    ),
    "sql_stopped_memory": (
        "Spørringen ble stoppet fordi den trengte mer minne enn grensen på {limit} MB. Prøv en enklere "
        "spørring eller færre rader.",
        "The query was stopped because it needed more memory than the limit of {limit} MB. Try a simpler "
        "query or fewer rows.",
    ),
    "sql_stopped_result_size": (
        "Resultatet er større enn {limit} MB og sendes ikke. Velg færre kolonner eller rader.",
        "The result is larger than {limit} MB and is not sent. Select fewer columns or rows.",
    ),
    "sql_stopped_busy": (
        "{limit} spørringer kjører allerede i konsollen. Prøv igjen om litt.",
        "{limit} queries are already running in the console. Try again in a moment.",
    ),
    "sql_stopped_crashed": (
        "Spørringens prosess endte ({detail}) uten resultat. Med en minnegrense på {limit} MB skyldes det "
        "som regel at den gikk tom for minne.",
        "The query's process ended ({detail}) without a result. With a memory limit of {limit} MB, the "
        "usual cause is running out of memory.",
    ),
    "sql_query": ("Spørring", "Query"),
    "sql_run": ("Kjør", "Run"),
    "sql_rows": ("{rows} rader på {seconds} s.", "{rows} rows in {seconds} s."),
    "sql_truncated": ("Resultatet er kuttet ved {rows} rader.", "The result was cut at {rows} rows."),
    "sql_schema": ("Tabeller og kolonner", "Tables and columns"),
    "download_result_csv": ("Last ned resultatet (CSV)", "Download the result (CSV)"),
}
