"""Variants of the issue-14 constructions, as a reporter would write them, on invented names.

Each construction of the issue ("Queen Maria of Valdoria", "imposed sanctions on", "X subsidiary Y", ...) is
written four to six ways: other words of the same meaning, other tenses and voices, inside a longer sentence,
coordinated. A rule that holds only on the sentence it was written for fails here. A variant kg does not
read yet is a strict xfail: it names a known gap and turns red when a change fixes it. Symmetric properties
match either way round. Every absence is checked next to the presence it guards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import facts

SYMMETRIC = {"metWith", "communicatedWith", "signedAgreementWith", "tradesWith", "partnerOf", "allyOf",
             "conflictWith", "servedWith", "siblingOf", "spouseOf"}


def _has(got: set[tuple[str, str, str]], fact: tuple[str, str, str]) -> bool:
    """*fact* is among *got*; a symmetric property's fact in either order; 'a|b' accepts either property."""
    s, props, o = fact
    return any((s, p, o) in got or (p in SYMMETRIC and (o, p, s) in got) for p in props.split("|"))


GAP = pytest.mark.xfail(strict=True, reason="known gap: kg does not read this variant yet")

VARIANTS = [
    ('of-country', 'King Anton of Estonia opened the new bridge on Tuesday.', [('Anton', 'heads', 'Estonia')], []),
    ('of-country', 'On Tuesday, Queen Maria of Valdoria opened the new bridge.', [('Maria', 'heads', 'Valdoria')], []),
    ('of-country', 'The dinner was hosted by King Anton of Estonia, officials said.', [('Anton', 'heads', 'Estonia')], []),
    ('of-country', 'Officials said that Queen Maria of Denmark had cancelled the trip.', [('Maria', 'heads', 'Denmark')], []),
    pytest.param('of-country', 'Grand Duke Felix of Luxembourg, who arrived on Monday, praised the deal.', [('Felix', 'heads', 'Luxembourg')], [], marks=GAP),
    ('appos-title-of', 'Tom Reyes, chief executive of Northwind Energy, said sales fell.', [('Tom Reyes', 'heads', 'Northwind Energy')], []),
    ('appos-title-of', 'Tom Reyes, the managing director of Kestrel Logistics, said the plant would close.', [('Tom Reyes', 'heads', 'Kestrel Logistics')], []),
    ('appos-title-of', 'The talks were led by Anna Kell, head of the Baltic Shipping Council, on Tuesday.', [('Anna Kell', 'heads', 'Baltic Shipping Council')], []),
    ('appos-title-of', 'Officials said that Tom Reyes, president of the Pacific Rim Forum, had warned of a trade war.', [('Tom Reyes', 'heads', 'Pacific Rim Forum')], []),
    ('appos-title-of', 'The deal was signed by Jo Vance, chairwoman of Northwind Energy, and Paul Lee, chief executive of Kestrel Logistics.', [('Jo Vance', 'heads', 'Northwind Energy'), ('Paul Lee', 'heads', 'Kestrel Logistics')], [('Jo Vance', 'heads', 'Kestrel Logistics')]),
    ('appos-title-of', 'Anna Kell, secretary-general of the Pacific Rim Forum, warned of a trade war.', [('Anna Kell', 'heads', 'Pacific Rim Forum')], []),
    ('org-title-name', 'Northwind Energy chief executive Tom Reyes said the deal was off.', [('Tom Reyes', 'heads', 'Northwind Energy')], []),
    ('org-title-name', 'On Monday, Kestrel Party chairman Paul Lee called for calm.', [('Paul Lee', 'heads', 'Kestrel Party')], []),
    ('org-title-name', 'Police arrested Valdoria Front leader Ana Ruiz on Tuesday.', [('Ana Ruiz', 'heads', 'Valdoria Front')], []),
    ('org-title-name', 'The rally was addressed by Green Alliance leader Jo Vance, who called for calm.', [('Jo Vance', 'heads', 'Green Alliance')], []),
    ('org-title-name', 'Pacific Rim Forum secretary-general Anna Kell said that talks would resume.', [('Anna Kell', 'heads', 'Pacific Rim Forum')], []),
    pytest.param('org-spokesman-name', 'Northwind spokeswoman Anna Kell declined to comment.', [('Anna Kell', 'spokespersonOf', 'Northwind')], [], marks=GAP),
    ('org-spokesman-name', 'Kestrel Logistics spokesperson Jo Vance said the company would appeal.', [('Jo Vance', 'spokespersonOf', 'Kestrel Logistics')], []),
    ('org-spokesman-name', 'The claim was denied by Northwind Energy spokesman Paul Lee.', [('Paul Lee', 'spokespersonOf', 'Northwind Energy')], []),
    ('org-spokesman-name', 'A Northwind Energy spokesman, Paul Lee, said the plant was safe.', [('Paul Lee', 'spokespersonOf', 'Northwind Energy')], []),
    ('org-spokesman-name', 'Estonian Foreign Ministry spokesman Paul Lee told reporters on Monday that the envoy had left.', [('Paul Lee', 'spokespersonOf', 'Estonian Foreign Ministry')], []),
    ('org-spokesman-name', "Northwind Energy's spokesman, Paul Lee, said the plant was safe.", [('Paul Lee', 'spokespersonOf', 'Northwind Energy')], []),
    ('appos-a-org-role', 'Sam Hart, a Northwind Energy engineer, said the pipe had burst.', [('Sam Hart', 'worksFor', 'Northwind Energy')], []),
    ('appos-a-org-role', 'Police detained Sam Hart, a senior Kestrel Logistics manager, on Monday.', [('Sam Hart', 'worksFor', 'Kestrel Logistics')], []),
    ('appos-a-org-role', 'Sam Hart, a veteran Reuters correspondent, said the town had fallen.', [('Sam Hart', 'worksFor', 'Reuters')], []),
    ('appos-a-org-role', 'Sam Hart, a senior official at the Estonian Foreign Ministry, was arrested.', [('Sam Hart', 'worksFor', 'Estonian Foreign Ministry')], []),
    ('appos-a-org-role', 'Sam Hart and Jo Vance, two senior Valdorian Guard officers, were arrested.', [('Sam Hart', 'worksFor', 'Valdorian Guard'), ('Jo Vance', 'worksFor', 'Valdorian Guard')], []),
    ('appos-former', 'Jo Vance, a former Oxford economist, wrote the report.', [('Jo Vance', 'formerlyWorkedFor', 'Oxford')], [('Jo Vance', 'worksFor', 'Oxford')]),
    ('appos-former', 'The report was written by Jo Vance, a former Northwind Energy engineer.', [('Jo Vance', 'formerlyWorkedFor', 'Northwind Energy')], [('Jo Vance', 'worksFor', 'Northwind Energy')]),
    ('appos-former', 'Jo Vance – a onetime Harvard historian – wrote the report.', [('Jo Vance', 'formerlyWorkedFor', 'Harvard')], [('Jo Vance', 'worksFor', 'Harvard')]),
    ('appos-former', 'Former Harvard historian Jo Vance wrote the report.', [('Jo Vance', 'formerlyWorkedFor', 'Harvard')], [('Jo Vance', 'worksFor', 'Harvard')]),
    ('appos-former', 'Jo Vance, who is a former Harvard historian, said the book was wrong.', [('Jo Vance', 'formerlyWorkedFor', 'Harvard')], [('Jo Vance', 'worksFor', 'Harvard')]),
    ('respective', 'Estonia and Latvia sent their respective foreign ministers, Kaja Tamm and Arturs Berzins, to the talks.', [('Kaja Tamm', 'worksFor', 'Estonia'), ('Arturs Berzins', 'worksFor', 'Latvia')], [('Kaja Tamm', 'worksFor', 'Latvia')]),
    pytest.param('respective', 'Chile and Peru were represented by their respective presidents, Ana Ruiz and Tom Reyes.', [('Ana Ruiz', 'heads', 'Chile'), ('Tom Reyes', 'heads', 'Peru')], [('Ana Ruiz', 'heads', 'Peru')], marks=GAP),
    pytest.param('respective', 'Northwind and Kestrel said their respective chief executives, Paul Lee and Jo Vance, would step down.', [('Paul Lee', 'heads', 'Northwind'), ('Jo Vance', 'heads', 'Kestrel')], [('Paul Lee', 'heads', 'Kestrel')], marks=GAP),
    ('respective', 'On Monday, Estonia and Latvia sent their respective prime ministers Kaja Tamm and Arturs Berzins to Brussels.', [('Kaja Tamm', 'heads', 'Estonia'), ('Arturs Berzins', 'heads', 'Latvia')], [('Kaja Tamm', 'heads', 'Latvia')]),
    ('ousted-demonym', 'The deposed Peruvian president, Ana Ruiz, fled to Spain.', [('Ana Ruiz', 'formerlyHeaded', 'Peru')], [('Ana Ruiz', 'heads', 'Peru')]),
    ('ousted-demonym', 'Ousted Chilean president Ana Ruiz was arrested on Monday.', [('Ana Ruiz', 'formerlyHeaded', 'Chile')], [('Ana Ruiz', 'heads', 'Chile')]),
    ('ousted-demonym', 'Police arrested the former Peruvian president, Ana Ruiz, on Tuesday.', [('Ana Ruiz', 'formerlyHeaded', 'Peru')], [('Ana Ruiz', 'heads', 'Peru')]),
    ('ousted-demonym', 'Ana Ruiz, the ousted Peruvian president, fled to Spain.', [('Ana Ruiz', 'formerlyHeaded', 'Peru')], [('Ana Ruiz', 'heads', 'Peru')]),
    ('ousted-demonym', 'The Peruvian president, Ana Ruiz, said that she would stay.', [('Ana Ruiz', 'heads', 'Peru')], []),
    ('sanctions', 'Chile slapped sanctions on Peru.', [('Chile', 'sanctioned', 'Peru')], []),
    ('sanctions', 'Sanctions were imposed on Peru by Chile last year.', [('Chile', 'sanctioned', 'Peru')], []),
    ('sanctions', 'Chile and Bolivia imposed sanctions on Peru, officials said.', [('Chile', 'sanctioned', 'Peru'), ('Bolivia', 'sanctioned', 'Peru')], []),
    ('sanctions', 'Chile said that it had imposed tough new sanctions on Peru.', [('Chile', 'sanctioned', 'Peru')], []),
    ('sanctions', 'Chile, which imposed sanctions on Peru in March, said the talks had failed.', [('Chile', 'sanctioned', 'Peru')], []),
    ('sanctions', 'Chile levied sanctions against Peru on Tuesday.', [('Chile', 'sanctioned', 'Peru')], []),
    ('bombardment', 'Peru launched an offensive against Chile.', [('Peru', 'conflictWith', 'Chile')], []),
    ('bombardment', 'Peru carried out air strikes on Chile on Monday.', [('Peru', 'conflictWith', 'Chile')], []),
    ('bombardment', 'Peru launched a missile attack on Chile, officials said.', [('Peru', 'conflictWith', 'Chile')], []),
    ('bombardment', 'The bombardment of Chile by Peru continued on Tuesday.', [('Peru', 'conflictWith', 'Chile')], []),
    ('bombardment', 'On Monday, Peru began a heavy bombardment of Chile.', [('Peru', 'conflictWith', 'Chile')], []),
    ('meeting', 'Tom Hart spoke to reporters after a meeting with Paul Reyes.', [('Tom Hart', 'metWith', 'Paul Reyes')], []),
    ('meeting', 'After talks with Paul Reyes, Tom Hart said the deal was close.', [('Tom Hart', 'metWith', 'Paul Reyes')], []),
    ('meeting', 'Tom Hart flew to Paris following a meeting with Paul Reyes.', [('Tom Hart', 'metWith', 'Paul Reyes')], []),
    ('meeting', 'Tom Hart left Berlin after meeting Paul Reyes on Tuesday.', [('Tom Hart', 'metWith', 'Paul Reyes')], []),
    ('meeting', 'Tom Hart hosted Paul Reyes at his residence on Monday.', [('Tom Hart', 'metWith|hosts', 'Paul Reyes')], []),
    ('meeting', 'On Tuesday, Tom Hart held talks with Paul Reyes in Geneva, officials said.', [('Tom Hart', 'metWith', 'Paul Reyes')], []),
    ('clashes', 'Fighting erupted between Peru and Chile on Monday.', [('Peru', 'conflictWith', 'Chile')], []),
    ('clashes', 'Clashes between Peru and Chile killed ten people.', [('Peru', 'conflictWith', 'Chile')], []),
    ('clashes', 'Heavy fighting broke out between the Valdoria Front and the Northern Legion.', [('Valdoria Front', 'conflictWith', 'Northern Legion')], []),
    ('clashes', 'Officials said clashes had broken out between Peru and Chile.', [('Peru', 'conflictWith', 'Chile')], []),
    ('clashes', 'Border clashes between Peru and Chile left dozens dead.', [('Peru', 'conflictWith', 'Chile')], []),
    ('each-other', 'Peru and Chile blamed each other for the collapse of the talks.', [('Peru', 'blamed', 'Chile'), ('Chile', 'blamed', 'Peru')], []),
    ('each-other', 'Peru and Chile have accused one another of breaking the truce.', [('Peru', 'accused', 'Chile'), ('Chile', 'accused', 'Peru')], []),
    ('each-other', 'On Monday, Peru and Chile traded accusations of violating the ceasefire.', [('Peru', 'accused', 'Chile'), ('Chile', 'accused', 'Peru')], []),
    ('each-other', 'Officials said Peru and Chile accused each other of shelling.', [('Peru', 'accused', 'Chile'), ('Chile', 'accused', 'Peru')], []),
    ('each-other', 'Peru and Chile, which accuse each other of border raids, met in Lima.', [('Peru', 'accused', 'Chile'), ('Chile', 'accused', 'Peru')], []),
    pytest.param('ally', 'Tom Reyes, a longtime ally of Ana Ruiz, was arrested.', [('Tom Reyes', 'allyOf', 'Ana Ruiz')], [], marks=GAP),
    ('ally', 'Tom Reyes, an ally of President Ana Ruiz, said the vote was fair.', [('Tom Reyes', 'allyOf', 'Ana Ruiz')], []),
    pytest.param('ally', 'Tom Reyes, who is a close ally of Ana Ruiz, said the vote was fair.', [('Tom Reyes', 'allyOf', 'Ana Ruiz')], [], marks=GAP),
    pytest.param('ally', 'Valdoria, a close ally of Estonia, sent troops.', [('Valdoria', 'allyOf', 'Estonia')], [], marks=GAP),
    pytest.param('ally', 'Tom Reyes and Jo Vance, both close allies of Ana Ruiz, were arrested.', [('Tom Reyes', 'allyOf', 'Ana Ruiz'), ('Jo Vance', 'allyOf', 'Ana Ruiz')], [], marks=GAP),
    pytest.param('org-subsidiary-name', 'Northwind unit Helix Power filed for bankruptcy.', [('Helix Power', 'memberOf', 'Northwind')], [], marks=GAP),
    ('org-subsidiary-name', 'Northwind Energy subsidiary Helix Power Systems reported a loss.', [('Helix Power Systems', 'memberOf', 'Northwind Energy')], []),
    ('org-subsidiary-name', 'Regulators fined Northwind subsidiary Helix Power on Monday.', [('Helix Power', 'memberOf', 'Northwind')], []),
    ('org-subsidiary-name', 'Helix Power, a Northwind subsidiary, filed for bankruptcy.', [('Helix Power', 'memberOf', 'Northwind')], []),
    ('org-subsidiary-name', 'Helix Power, a subsidiary of Northwind Energy, filed for bankruptcy.', [('Helix Power', 'memberOf', 'Northwind Energy')], []),
    ('poss-subsidiary', "Northwind's Helix Power unit filed for bankruptcy.", [('Helix Power', 'memberOf', 'Northwind')], []),
    ('poss-subsidiary', "Northwind Energy's Helix Power division cut 300 jobs.", [('Helix Power', 'memberOf', 'Northwind Energy')], []),
    ('poss-subsidiary', "Regulators fined Northwind's Helix Power subsidiary on Monday.", [('Helix Power', 'memberOf', 'Northwind')], []),
    ('poss-subsidiary', 'Northwind said its Helix Power subsidiary would cut jobs.', [('Helix Power', 'memberOf', 'Northwind')], []),
    ('poss-subsidiary', "Northwind's subsidiary Helix Power cut 300 jobs.", [('Helix Power', 'memberOf', 'Northwind')], []),
    ('whose-include', 'Belmont Capital, whose clients include Northwind and Helix Power, reported a loss.', [('Belmont Capital', 'exportsTo', 'Helix Power'), ('Belmont Capital', 'exportsTo', 'Northwind')], []),
    ('whose-include', 'Belmont Capital, whose customers include Northwind, reported a loss.', [('Belmont Capital', 'exportsTo', 'Northwind')], []),
    ('whose-include', "Belmont Capital's customers include Northwind and Helix Power.", [('Belmont Capital', 'exportsTo', 'Helix Power')], []),
    ('whose-include', 'Belmont Capital, whose partners include Northwind, reported a loss.', [('Belmont Capital', 'partnerOf', 'Northwind')], []),
    pytest.param('whose-include', 'Belmont Capital counts Northwind and Helix Power among its customers.', [('Belmont Capital', 'exportsTo', 'Helix Power')], [], marks=GAP),
    ('backed-by', 'The Kestrel Front, which is backed by Estonia, seized the town.', [('Estonia', 'supports', 'Kestrel Front')], []),
    ('backed-by', 'Estonia-backed Kestrel Front fighters seized the town.', [('Estonia', 'supports', 'Kestrel Front')], []),
    ('backed-by', 'The Kestrel Front, backed by Estonia, seized the town.', [('Estonia', 'supports', 'Kestrel Front')], []),
    ('backed-by', 'The Kestrel Front is supported by Estonia.', [('Estonia', 'supports', 'Kestrel Front')], []),
    pytest.param('backed-by', 'Officials said the Kestrel Front was armed and backed by Estonia.', [('Estonia', 'supports', 'Kestrel Front')], [], marks=GAP),
    pytest.param('allegiance', 'The Northern Legion swore allegiance to the Eastern Front.', [('Northern Legion', 'allyOf', 'Eastern Front')], [], marks=GAP),
    ('allegiance', 'The Northern Legion has sworn allegiance to the Eastern Front.', [('Northern Legion', 'allyOf', 'Eastern Front')], []),
    ('allegiance', 'The Northern Legion, which pledged allegiance to the Eastern Front in 2014, seized the town.', [('Northern Legion', 'allyOf', 'Eastern Front')], []),
    ('allegiance', 'The Northern Legion pledged loyalty to the Eastern Front.', [('Northern Legion', 'allyOf', 'Eastern Front')], []),
    ('allegiance', 'Officials said the Northern Legion had sworn allegiance to the Eastern Front.', [('Northern Legion', 'allyOf', 'Eastern Front')], []),
    ('state-ministry', "Estonia's foreign ministry summoned the ambassador.", [('Estonian Foreign Ministry', 'memberOf', 'Estonia')], []),
    ('state-ministry', "On Monday, Latvia's interior ministry said that the border was closed.", [('Latvian Interior Ministry', 'memberOf', 'Latvia')], []),
    ('state-ministry', "A statement from Estonia's finance ministry said the deficit had grown.", [('Estonian Finance Ministry', 'memberOf', 'Estonia')], []),
    ('state-ministry', 'The Latvian foreign ministry said the envoy had been expelled.', [('Latvian Foreign Ministry', 'memberOf', 'Latvia')], []),
    ('state-ministry', 'According to the Estonian health ministry, 40 people died.', [('Estonian Health Ministry', 'memberOf', 'Estonia')], []),
    ('state-ministry', 'The Estonian Defence Ministry said the drone had crashed.', [('Estonian Defence Ministry', 'memberOf', 'Estonia')], []),
    ('embassy-court', 'The Estonian embassy in London said the visas were valid.', [('Estonian Embassy', 'basedIn', 'London')], []),
    ('embassy-court', 'Protesters gathered outside the Chilean embassy in Lima.', [('Chilean Embassy', 'basedIn', 'Lima')], []),
    ('embassy-court', "Estonia's consulate in Istanbul said the man had left.", [('Estonian Consulate', 'basedIn', 'Istanbul')], []),
    ('embassy-court', 'A US federal court in Denver dismissed the case.', [('US Federal Court', 'basedIn', 'Denver')], []),
    ('embassy-court', 'The Chilean Embassy in Lima said the visas were valid.', [('Chilean Embassy', 'basedIn', 'Lima')], []),
    ('demonym-place-of', 'Rockets hit the Chilean city of Arica.', [('Arica', 'locatedIn', 'Chile')], []),
    ('demonym-place-of', 'Troops entered the Estonian town of Narva on Monday.', [('Narva', 'locatedIn', 'Estonia')], []),
    ('demonym-place-of', 'The ship docked in the Peruvian port city of Callao.', [('Callao', 'locatedIn', 'Peru')], []),
    ('demonym-place-of', 'Protests spread to the southern Peruvian city of Arequipa.', [('Arequipa', 'locatedIn', 'Peru')], []),
    ('demonym-place-of', 'The tanker was seized near the Finnish port of Kotka, officials said.', [('Kotka', 'locatedIn', 'Finland')], []),
    ('region-in', "Fighting spread to the Loreto region in Peru's north.", [('Loreto', 'locatedIn', 'Peru')], []),
    ('region-in', 'The quake struck the Tarapaca region of northern Chile.', [('Tarapaca', 'locatedIn', 'Chile')], []),
    ('region-in', 'Floods hit the northern Chilean region of Tarapaca.', [('Tarapaca', 'locatedIn', 'Chile')], []),
    ('region-in', "Rebels hold much of Peru's Loreto region.", [('Loreto', 'locatedIn', 'Peru')], []),
    ('region-in', 'Troops moved into the Loreto province in northern Peru.', [('Loreto', 'locatedIn', 'Peru')], []),
    pytest.param('based', 'Manchester-based Northwind Energy said profits fell.', [('Northwind Energy', 'basedIn', 'Manchester')], [], marks=GAP),
    ('based', 'Northwind, a Leeds-based engineering firm, said profits fell.', [('Northwind', 'basedIn', 'Leeds')], []),
    ('based', 'The Leeds-based company Northwind said profits fell.', [('Northwind', 'basedIn', 'Leeds')], []),
    pytest.param('based', 'Northwind, which is based in Leeds, said profits fell.', [('Northwind', 'basedIn', 'Leeds')], [], marks=GAP),
    pytest.param('based', 'Northwind, headquartered in Leeds, said profits fell.', [('Northwind', 'basedIn', 'Leeds')], [], marks=GAP),
    ('headquarters', "Police raided Northwind's offices in Leeds.", [('Northwind', 'basedIn', 'Leeds')], []),
    ('headquarters', "Northwind's head office in Leeds was closed.", [('Northwind', 'basedIn', 'Leeds')], []),
    pytest.param('headquarters', 'The headquarters of Northwind in Leeds were raided.', [('Northwind', 'basedIn', 'Leeds')], [], marks=GAP),
    pytest.param('headquarters', 'Northwind, whose headquarters are in Leeds, said profits fell.', [('Northwind', 'basedIn', 'Leeds')], [], marks=GAP),
    ('headquarters', "On Monday, police searched Northwind Energy's headquarters in Leeds.", [('Northwind Energy', 'basedIn', 'Leeds')], []),
    ('city-of-in', 'The attack hit the town of Narva in Estonia.', [('Narva', 'locatedIn', 'Estonia')], []),
    ('city-of-in', 'Snow cut off the village of Kuru in northern Finland.', [('Kuru', 'locatedIn', 'Finland')], []),
    pytest.param('city-of-in', 'The attack hit the city of Arica, in northern Chile, on Monday.', [('Arica', 'locatedIn', 'Chile')], [], marks=GAP),
    ('city-of-in', 'Troops reached the port city of Callao in Peru.', [('Callao', 'locatedIn', 'Peru')], []),
    ('city-of-in', 'Officials said the city of Tartu in Estonia was flooded.', [('Tartu', 'locatedIn', 'Estonia')], []),
    ('buy-unit', "Norvik Holdings agreed to acquire Eastco's chemicals business.", [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('buy-unit', "Norvik Holdings bought Eastco's software division for $2 billion last year.", [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('buy-unit', "Norvik Holdings has agreed to purchase Eastco's mining unit, the companies said.", [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('buy-unit', "Norvik Holdings said on Monday it would buy Eastco's cloud unit.", [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('buy-unit', 'Norvik Holdings agreed to take over Eastco.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('bought-percent', 'Norvik Holdings acquired 60% of Eastco.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('bought-percent', 'Norvik Holdings purchased 51 percent of Eastco last year.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('bought-percent', 'Norvik Holdings, which bought 60% of Eastco in 2019, said profits rose.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('bought-percent', 'Norvik Holdings agreed to buy 75 per cent of Eastco.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('bought-percent', 'Norvik Holdings bought the remaining 40% of Eastco on Monday.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('purchase-of-by', 'The acquisition of Eastco by Norvik Holdings was approved.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('purchase-of-by', 'The takeover of Eastco by Norvik Holdings collapsed.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('purchase-of-by', 'Regulators approved the purchase of Eastco by Norvik Holdings.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('purchase-of-by', 'Norvik Holdings completed its acquisition of Eastco on Monday.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('purchase-of-by', "Norvik Holdings' takeover of Eastco was approved.", [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('acquired-by', 'Eastco was bought by Norvik Holdings in 2015.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('acquired-by', 'Eastco, which was acquired by Norvik Holdings last year, said profits rose.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('acquired-by', 'Eastco has been taken over by Norvik Holdings.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('acquired-by', 'Eastco was purchased by Norvik Holdings for $3 billion.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('acquired-by', 'Officials said Eastco had been acquired by Norvik Holdings.', [('Norvik Holdings', 'boughtFrom', 'Eastco')], []),
    ('stake-sale', 'Eastco agreed the sale of a 20% stake to Norvik Holdings.', [('Norvik Holdings', 'funds', 'Eastco')], [('Norvik Holdings', 'boughtFrom', 'Eastco')]),
    ('stake-sale', 'Eastco sold a 10 percent stake to Norvik Holdings last year.', [('Norvik Holdings', 'funds', 'Eastco')], [('Norvik Holdings', 'boughtFrom', 'Eastco')]),
    ('stake-sale', 'Eastco completed the sale of a minority stake to Norvik Holdings.', [('Norvik Holdings', 'funds', 'Eastco')], [('Norvik Holdings', 'boughtFrom', 'Eastco')]),
    ('stake-sale', 'Norvik Holdings took a 20 percent stake in Eastco.', [('Norvik Holdings', 'funds', 'Eastco')], [('Norvik Holdings', 'boughtFrom', 'Eastco')]),
    ('stake-sale', 'Norvik Holdings acquired a 30% stake in Eastco on Monday.', [('Norvik Holdings', 'funds', 'Eastco')], [('Norvik Holdings', 'boughtFrom', 'Eastco')]),
    ('told-programme', "Sam Ortega told the BBC's Today programme that he would resign.", [('BBC', 'communicatedWith', 'Sam Ortega')], []),
    pytest.param('told-programme', "Sam Ortega told BBC Radio 4's Today programme that he would resign.", [('BBC Radio 4', 'communicatedWith', 'Sam Ortega')], [], marks=GAP),
    ('told-programme', "Speaking to the BBC's Newsnight programme, Sam Ortega said he would resign.", [('BBC', 'communicatedWith', 'Sam Ortega')], []),
    ('told-programme', "Sam Ortega said in an interview with the BBC's Panorama programme that he would resign.", [('BBC', 'communicatedWith', 'Sam Ortega')], []),
    ('told-programme', 'Sam Ortega told Sky News on Monday that he would resign.', [('Sky News', 'communicatedWith', 'Sam Ortega')], []),
    ('told-agency', 'Sam Ortega told the Reuters news agency that he would resign.', [('Reuters', 'communicatedWith', 'Sam Ortega')], []),
    ('told-agency', 'Sam Ortega told Reuters in an interview that he would resign.', [('Reuters', 'communicatedWith', 'Sam Ortega')], []),
    ('told-agency', 'Sam Ortega told the AFP news agency on Monday that he would resign.', [('AFP', 'communicatedWith', 'Sam Ortega')], []),
    ('told-agency', 'In an interview with Reuters, Sam Ortega said he would resign.', [('Reuters', 'communicatedWith', 'Sam Ortega')], []),
    ('told-agency', 'Sam Ortega told the Associated Press that he would resign.', [('Associated Press', 'communicatedWith', 'Sam Ortega')], []),
]


@pytest.mark.parametrize("construction, text, present, absent", VARIANTS)
def test_variant(tmp_path: Path, construction: str, text: str, present: list, absent: list) -> None:
    got = facts(tmp_path, text)
    for fact in present:
        assert _has(got, tuple(fact)), (construction, fact, sorted(got))
    for fact in absent:
        assert not _has(got, tuple(fact)), (construction, fact, sorted(got))



def test_a_portfolio_before_a_lowercase_title_ends_a_company_name(tmp_path: Path) -> None:
    """'Northwind Energy chief executive X': 'Energy' is the company's; 'UK Energy Secretary X' keeps a portfolio."""
    got = facts(tmp_path, "UK Energy Secretary Tom Reyes met Northwind Energy chief executive Jo Vance.")
    assert ("Jo Vance", "heads", "Northwind Energy") in got
    assert ("Tom Reyes", "worksFor", "United Kingdom") in got
    assert not any(o.endswith("Energy") and s == "Tom Reyes" for s, _, o in got)


def test_a_stake_sold_is_money_in_the_seller_but_a_share_of_output_is_goods(tmp_path: Path) -> None:
    got = facts(tmp_path, "Eastco sold a 10 percent stake to Norvik Holdings. Chile sells about 60% of its copper to Peru.")
    assert ("Norvik Holdings", "funds", "Eastco") in got
    assert ("Eastco", "supplied", "Norvik Holdings") not in got
    assert ("Chile", "supplied", "Peru") in got


def test_a_title_shared_by_a_group_names_no_tie_inside_it(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes and Jo Vance, both close allies of President Ana Ruiz, were arrested. "
                          "Sam Hart and Paul Lee, both close allies of Ana Ruiz, were arrested.")
    assert {("Ana Ruiz", "allyOf", "Tom Reyes"), ("Ana Ruiz", "allyOf", "Jo Vance")} <= got
    assert not any({s, o} == {"Tom Reyes", "Jo Vance"} or {s, o} == {"Sam Hart", "Paul Lee"} for s, _, o in got)


def test_taken_over_by_a_name_but_not_a_site_taken_over(tmp_path: Path) -> None:
    got = facts(tmp_path, "Eastco, which was taken over by Norvik Holdings last year, said profits rose. "
                          "The Brightline site, which has now been taken over by the US Secret Service, was closed.")
    assert ("Norvik Holdings", "boughtFrom", "Eastco") in got
    assert not any(p == "boughtFrom" and o == "Brightline" for _, p, o in got)


def test_hyphenated_titles_and_remaining_shares(tmp_path: Path) -> None:
    got = facts(tmp_path, "Anna Kell, secretary-general of the Pacific Rim Forum, spoke. Norvik Holdings bought "
                          "the remaining 40% of Eastco. Belmont Capital bought 20% of Helix Power.")
    assert ("Anna Kell", "heads", "Pacific Rim Forum") in got
    assert ("Anna Kell", "worksFor", "Pacific Rim Forum") not in got
    assert ("Norvik Holdings", "boughtFrom", "Eastco") in got
    assert ("Belmont Capital", "boughtFrom", "Helix Power") not in got  # a minority share is no takeover


def test_an_exchange_runs_both_ways_but_trade_in_goods_is_trade(tmp_path: Path) -> None:
    got = facts(tmp_path, "Peru traded accusations with Chile. Bolivia and Ecuador exchanged strikes on Tuesday. "
                          "Estonia traded grain with Latvia.")
    assert {("Peru", "accused", "Chile"), ("Chile", "accused", "Peru")} <= got
    assert ("Bolivia", "conflictWith", "Ecuador") in got or ("Ecuador", "conflictWith", "Bolivia") in got
    assert not any({s, o} == {"Estonia", "Latvia"} and p != "tradesWith" for s, p, o in got)


def test_a_participle_coordinated_with_a_passive_is_passive(tmp_path: Path) -> None:
    got = facts(tmp_path, "Eastco was founded and later bought by Norvik Holdings. "
                          "Belmont Capital was founded in 1990 and bought Helix Power in 2001.")
    assert ("Norvik Holdings", "boughtFrom", "Eastco") in got
    assert ("Belmont Capital", "boughtFrom", "Helix Power") in got
    assert ("Helix Power", "boughtFrom", "Belmont Capital") not in got


def test_a_state_office_tagged_whole_is_named_like_one_found_by_grammar(tmp_path: Path) -> None:
    got = facts(tmp_path, "According to the Estonian health ministry, 40 people died.")
    assert ("Estonian Health Ministry", "memberOf", "Estonia") in got
    assert ("Estonian health ministry", "memberOf", "Estonia") not in got


def test_a_possessor_on_the_name_owns_the_unit_before_it(tmp_path: Path) -> None:
    got = facts(tmp_path, "Westco's subsidiary Helix Power cut jobs. Estonia's subsidiary Corva Systems cut jobs.")
    assert ("Helix Power", "memberOf", "Westco") in got
    assert ("Corva Systems", "memberOf", "Estonia") not in got  # a state owns no subsidiary by this rule
