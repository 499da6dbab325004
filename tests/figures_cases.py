"""Figure cases from real news phrasing: does the quote, cut from the paragraph, back the figure?

Each row is ``(paragraph, quote, figure, published, expected)``:

* ``quote`` is a substring of ``paragraph`` (None: the whole paragraph); the
  paragraph is read once, and only mentions the quote covers whole count;
* ``figure`` is a fact's ``(value, unit)``, a ``FactDate``, or a claim's
  wording (a str): then every figure in the claim must be backed;
* ``published`` is the source's publication date (None: not given).

Both directions: every category has rows that must pass and rows that must fail.
"""

from __future__ import annotations

from site_builder.figures import FactDate

PUB = FactDate(2023, 9, 13)  # a Wednesday
RT = ("The cosmodrome, which came into service in 2016, is in the Amur region of Russia’s Far East, not far "
      "from the Russian border with China and about 1 500km from the port of Vladivostok.")
GU = ("The Vostochny cosmodrome came into service in 2016 and is in the Amur region of Russia’s far east, not "
      "far from the Chinese border and about 930 miles (1,500km) from the port of Vladivostok.")
DOZEN = "Since then, the cosmodrome has hosted nearly a dozen launches – most of them successful."
COST = "Vostochny cost billions of dollars, giving a boost to the local economy."
LUNA = "The Soyuz-2.1b rocket with the lunar landing spacecraft Luna-25 is rolled out, August 8, 2023."
RANGE = "The project is expected to cost between 4.3 and 5.2 billion dollars, officials said."

Case = tuple[str, "str | None", object, "FactDate | None", bool]

CASES: list[Case] = [
    # ---- lengths, same unit: the figure at the precision written
    (RT, "about 1 500km from the port", (1500, "km"), None, True),
    (RT, "about 1 500km from the port", (1501, "km"), None, False),
    (RT, "about 1 500km from the port", (1450, "km"), None, False),
    (RT, "500km from the port of Vladivostok", (500, "km"), None, False),  # cut out of "1 500km"
    (RT, "500km from the port of Vladivostok", (1500, "km"), None, False),
    (RT, "about 1 500", (1500, "km"), None, False),  # the unit is cut off
    ("The bridge is 948 ft long.", None, (950, "ft"), None, False),
    ("The bridge is 948 ft long.", None, (948, "ft"), None, True),
    ("The bridge is 950 ft long.", None, (948, "ft"), None, False),
    ("The tower rises 1,000 feet above the city.", None, (1000, "ft"), None, True),
    ("It is 12.5 miles long.", None, (12.5, "mi"), None, True),
    ("It is 12.5 miles long.", None, (12, "mi"), None, False),
    # ---- lengths across units: the conversion rounds to the quoted figure
    (GU, "about 930 miles (1,500km)", (1500, "km"), None, True),
    (GU, "about 930 miles", (1500, "km"), None, True),
    (RT, "about 1 500km", (930, "mi"), None, True),
    (RT, "about 1 500km", (932, "mi"), None, True),
    (GU, "about 930 miles", (1600, "km"), None, False),
    (GU, "about 930 miles", (930, "km"), None, False),
    ("The tower rises 1,000 feet above the city.", None, (160, "m"), None, False),
    ("The tower rises 1,000 feet above the city.", None, (450, "m"), None, False),
    ("The tower rises 1,000 feet above the city.", None, (300, "m"), None, True),
    ("The route is 2 miles long.", None, (4, "km"), None, False),
    ("The route is 2 miles long.", None, (3.2, "km"), None, True),
    ("The 1.6-mile bridge links the two banks.", None, (3, "km"), None, False),
    ("The 1.6-mile bridge links the two banks.", None, (2.6, "km"), None, True),
    ("The 1.6-mile bridge links the two banks.", None, (1.5, "mi"), None, False),
    ("The wall is 185 ft tall.", None, (56, "m"), None, True),
    ("The wall is 185 ft tall.", None, (60, "m"), None, False),
    ("The runway is 1,500 metres long.", None, (1.5, "km"), None, True),
    ("The runway is 1,500 metres long.", None, (5000, "ft"), None, True),
    ("The runway is 1,500 metres long.", None, (1500, "km"), None, False),
    # ---- kinds never mix
    (RT, "which came into service in 2016", (2016, "km"), None, False),  # a year is not a length
    ("The lake covers 1,500 square kilometres.", None, (1500, "km"), None, False),  # an area is not a length
    ("The lake covers 1,500 square kilometres.", None, (1500, "km2"), None, True),
    ("The lake covers 551 km² of forest.", None, (551, "km2"), None, True),
    ("Some 100m people watched the launch.", None, (100, "m"), None, False),  # people are not metres
    ("Some 100m people watched the launch.", None, (100e6, None), None, True),
    ("The 100m sprint was won in 9.58 seconds.", "The 100m sprint", (100, "m"), None, True),
    ("The crowd, about 1,500, cheered.", None, (1500, "mi"), None, False),  # no unit, no distance
    ("The crowd, about 1,500, cheered.", None, (1500, None), None, True),
    (RT, "about 1 500km", (1500, None), None, False),  # a distance is not a count
    ("Repairs cost $4.2m, the council said.", None, (4.2e6, "GBP"), None, False),
    ("Repairs cost $4.2m, the council said.", None, (4.2e6, None), None, False),
    # ---- negative numbers keep their sign
    ("Temperatures fell to −40 overnight.", None, (40, None), None, False),
    ("Temperatures fell to −40 overnight.", None, (-40, None), None, True),
    ("Profits fell to -5 million dollars.", None, (-5e6, "USD"), None, True),
    ("Profits fell to -5 million dollars.", None, (5e6, "USD"), None, False),
    # ---- phone numbers, web addresses, identifiers, superscripts, invisible characters
    ("For details call +7 495 201 2016 or visit the site.", None, FactDate(2016), None, False),
    ("Call the newsroom on (202) 555-2016.", None, FactDate(2016), None, False),
    ("Call the newsroom on (202) 555-2016.", None, (2016, None), None, False),
    ("The report is at https://example.com/news/2016/09/launch.html today.", None, FactDate(2016), None, False),
    ("Read www.vostochny.ru/2016/ for the history.", None, FactDate(2016), None, False),
    ("Write to desk2016@example.com with tips.", None, FactDate(2016), None, False),
    ("The fund holds 10⁶ dollars.", None, (10, "USD"), None, False),
    ("The fund holds 10⁶ dollars.", None, (1e6, "USD"), None, True),
    ("The road is 15¹ km long.", None, (151, "km"), None, False),
    ("The road is 15¹ km long.", None, (15, "km"), None, False),
    ("The road is 1\u00ad500 km long.", None, (1500, "km"), None, False),
    ("The road is 1\u200b500 km long.", None, (1500, "km"), None, False),
    (LUNA, None, (25, None), None, False),
    (LUNA, None, (2.1, None), None, False),
    (LUNA, None, "Luna-25", None, True),
    (LUNA, None, "Luna-26", None, False),
    (LUNA, None, "Soyuz-2.1b", None, True),
    (LUNA, None, "Soyuz-2.1a", None, False),
    ("a base known as Svobodny 18, a few miles away", None, (18, None), None, False),
    ("a base known as Svobodny 18, a few miles away", None, "Svobodny 18", None, True),
    ("a base known as Svobodny 18, a few miles away", None, "Svobodny 19", None, False),
    ("Yuri Gagarin flew on Vostok 1 in 1961.", None, "Vostok 1", None, True),
    ("Yuri Gagarin flew on Vostok 1 in 1961.", None, (1, None), None, False),
    ("Its latest Hwasong-18 missile uses solid fuel.", None, "Hwasong-18", None, True),
    ("Its latest Hwasong-18 missile uses solid fuel.", None, "Hwasong-17", None, False),
    ("Update to version 2.5.1 now.", None, (2.5, None), None, False),
    ("Update to version 2.5.1 now.", None, "2.5.1", None, True),
    ("The figure was given as 1,5 in the filing.", None, (1.5, None), None, False),
    ("The figure was given as 1,5 in the filing.", None, (15, None), None, False),
    ("A 400-digit number " + "9" * 400 + " is noise.", None, (9e15, None), None, False),
    # ---- vague quantities back no exact number, only the same words
    (COST, None, (1e10, "USD"), None, False),
    (COST, None, (2e9, "USD"), None, False),
    (COST, None, "billions of dollars", None, True),
    (COST, None, "millions of dollars", None, False),
    (COST, None, "$10 billion", None, False),
    ("Tens of thousands of people marched.", None, (30000, None), None, False),
    ("Tens of thousands of people marched.", None, "tens of thousands", None, True),
    ("Tens of thousands of people marched.", None, "hundreds of thousands", None, False),
    ("Dozens of people were hurt.", None, (24, None), None, False),
    ("Dozens of people were hurt.", None, "dozens", None, True),
    # ---- hedges and bounds
    (DOZEN, None, (12, None), None, False),
    (DOZEN, None, (11, None), None, False),
    (DOZEN, None, "nearly a dozen", None, True),
    (DOZEN, None, "almost 12", None, True),
    (DOZEN, None, "a dozen", None, False),
    (DOZEN, None, "12", None, False),
    ("More than 1,000 people were evacuated.", None, (1000, None), None, False),
    ("More than 1,000 people were evacuated.", None, "more than 1,000", None, True),
    ("More than 1,000 people were evacuated.", None, "over 1,000", None, True),
    ("More than 1,000 people were evacuated.", None, "fewer than 1,000", None, False),
    ("More than 1,000 people were evacuated.", "1,000 people were evacuated", (1000, None), None, False),
    ("About a dozen launches took place.", None, (12, None), None, True),
    ("About a dozen launches took place.", None, (15, None), None, False),
    # ---- percentages
    ("Prices rose 12% last year.", None, (12, "%"), None, True),
    ("Prices rose 12% last year.", None, (12, None), None, False),
    ("Prices rose 12% last year.", None, (13, "%"), None, False),
    ("Prices rose 12 per cent last year.", None, (12, "%"), None, True),
    ("Prices rose 12 percent last year.", None, (12, "%"), None, True),
    ("Inflation eased to 3.5pc in August.", None, (3.5, "%"), None, True),
    ("Inflation eased to 3.5pc in August.", None, (3.5, None), None, False),
    ("Support rose 2 percentage points to 41%.", None, (2, "pp"), None, True),
    ("Support rose 2 percentage points to 41%.", None, (2, "%"), None, False),
    ("Support rose 2 percentage points to 41%.", None, (41, "%"), None, True),
    ("Support rose 2 percentage points to 41%.", None, (41, "pp"), None, False),
    ("Repairs cost about 15% more than first estimated.", None, "about 15% more", None, True),
    ("Repairs cost about 15% more than first estimated.", None, "about 15 per cent more", None, True),
    ("Repairs cost about 15% more than first estimated.", None, "about 16% more", None, False),
    # ---- money and scale words
    ("Repairs cost $4.2m, the council said.", None, (4.2e6, "USD"), None, True),
    ("Repairs cost $4.2m, the council said.", None, (4.3e6, "USD"), None, False),
    ("The city has 11.3 million residents.", None, (11_300_000, None), None, True),
    ("The city has 11.3 million residents.", None, (11_000_000, None), None, False),
    ("About 4.7m people live there.", None, (4_700_000, None), None, True),
    ("About 4.7m people live there.", None, (4.7, "m"), None, False),
    ("The deal is worth $3bn.", None, (3e9, "USD"), None, True),
    ("The deal is worth $3bn.", None, (3e6, "USD"), None, False),
    ("It will cost 2.3 billion pounds.", None, (2.3e9, "GBP"), None, True),
    ("It will cost 2.3 billion pounds.", None, (2.3e9, "USD"), None, False),
    ("It raised £2.5bn from investors.", None, (2.5e9, "GBP"), None, True),
    ("It raised £2.5bn from investors.", None, (2.5e9, "EUR"), None, False),
    ("The budget is 5 billion roubles.", None, (5e9, "RUB"), None, True),
    ("Aid of €3 billion was pledged.", None, (3e9, "EUR"), None, True),
    ("Aid of €3 billion was pledged.", None, "€3bn", None, True),
    ("Aid of €3 billion was pledged.", None, "€4bn", None, False),
    # ---- ranges: each end supports its own value
    (RANGE, None, (4.3e9, "USD"), None, True),
    (RANGE, None, (5.2e9, "USD"), None, True),
    (RANGE, None, (4.3, None), None, False),
    (RANGE, None, (4.8e9, "USD"), None, False),
    (RANGE, "between 4.3", (4.3e9, "USD"), None, False),  # the scale and unit are cut off
    ("Estimates range from $4-5bn.", None, (4e9, "USD"), None, True),
    ("Estimates range from $4-5bn.", None, (5e9, "USD"), None, True),
    ("Estimates range from $4-5bn.", None, (4, "USD"), None, False),
    ("Floods cut 10-15 km of road.", None, (10, "km"), None, True),
    ("Floods cut 10-15 km of road.", None, (15, "km"), None, True),
    ("Floods cut 10-15 km of road.", None, (10, None), None, False),
    ("Turnout rose by 5 to 10% in most areas.", None, (5, "%"), None, True),
    ("The 2016–2017 season was the busiest.", None, FactDate(2017), None, True),
    # ---- number words, read whole
    ("Some two hundred and fifty thousand people marched.", None, (250_000, None), None, True),
    ("Some two hundred and fifty thousand people marched.", None, (50_000, None), None, False),
    ("Some two hundred and fifty thousand people marched.", None, (200, None), None, False),
    ("About three quarters of residents voted.", None, (0.75, None), None, True),
    ("About three quarters of residents voted.", None, (3, None), None, False),
    ("One and a half million doses arrived.", None, (1_500_000, None), None, True),
    ("One and a half million doses arrived.", None, (1, None), None, False),
    ("Twenty-five miles of track were laid.", None, (25, "mi"), None, True),
    ("Twenty-five miles of track were laid.", None, (5, "mi"), None, False),
    ("It cost two billion dollars.", None, (2e9, "USD"), None, True),
    ("It cost two billion dollars.", None, "$2bn", None, True),
    ("Half a dozen rockets stood ready.", None, (6, None), None, True),
    ("Half a dozen rockets stood ready.", None, (12, None), None, False),
    ("Eleven and twelve were the numbers drawn.", None, (23, None), None, False),
    ("Eleven and twelve were the numbers drawn.", None, (12, None), None, True),
    # ---- years and dates with a year
    (RT, "which came into service in 2016", FactDate(2016), None, True),
    (RT, "which came into service in 2016", FactDate(2017), None, False),
    (RT, "which came into service in 201", FactDate(2016), None, False),  # the quote ends inside the year
    (RT, None, "It came into service in 2017.", None, False),
    (RT, None, "It came into service in 2016.", None, True),
    ("It happened on 13 September 2023.", "13 September 2023", FactDate(2023, 9, 13), None, True),
    ("It happened on 13 September 2023.", "3 September 2023", FactDate(2023, 9, 3), None, False),
    ("It happened on 13 September 2023.", "3 September 2023", FactDate(2023, 9, 13), None, False),
    ("Published Sep 13, 2023", None, FactDate(2023, 9), None, True),
    ("Published Sep 13, 2023", None, FactDate(2023, 8), None, False),
    (LUNA, None, FactDate(2023, 8, 8), None, True),
    (LUNA, None, FactDate(2023, 8, 9), None, False),
    ("The base shut in May 2016.", None, "in 2016", None, True),
    ("The base shut in May 2016.", None, "in June 2016", None, False),
    ("The decade began in the 1990s.", None, "the 1990s", None, True),
    ("The decade began in the 1990s.", None, "the 1980s", None, False),
    ("The decade began in the 1990s.", None, FactDate(1990), None, False),
    # ---- dates without a year and weekdays, against the published date
    ("Kim arrived by train early on Tuesday.", None, FactDate(2023, 9, 12), PUB, True),
    ("Kim arrived by train early on Tuesday.", None, FactDate(2023, 9, 13), PUB, False),
    ("Kim arrived by train early on Tuesday.", None, FactDate(2023, 9, 12), None, False),  # needs published
    ("The summit took place on Sept. 12, officials said.", None, FactDate(2023, 9, 12), PUB, True),
    ("The summit took place on Sept. 12, officials said.", None, FactDate(2022, 9, 12), PUB, False),
    ("The summit took place on Sept. 12, officials said.", None, FactDate(2023, 9), PUB, True),
    ("Talks were held on September 10.", None, FactDate(2023, 9, 10), PUB, True),
    ("Talks were held on September 10.", None, FactDate(2023, 9, 11), PUB, False),
    ("Talks were held on September 10.", None, "on 10 September", None, True),
    ("Talks were held on September 10.", None, "on 11 September", None, False),
    ("The launch was last Friday.", None, FactDate(2023, 9, 8), PUB, True),
    ("The launch is set for next Monday.", None, FactDate(2023, 9, 18), PUB, True),
    ("The launch is set for next Monday.", None, FactDate(2023, 9, 11), PUB, False),
    ("The order came on December 30.", None, FactDate(2022, 12, 30), FactDate(2023, 1, 2), True),
    ("Kim arrived on Tuesday, Sept. 12.", None, "Tuesday", PUB, True),
    ("Kim arrived on Tuesday, Sept. 12.", None, "Wednesday", PUB, False),
    # ---- clock times and zones
    ("The rocket lifted off at 1:27 a.m. ET (0527 GMT) on Tuesday.", None, "at 0527 GMT", PUB, True),
    ("The rocket lifted off at 1:27 a.m. ET (0527 GMT) on Tuesday.", None, "at 5:27 a.m. GMT", PUB, True),
    ("The rocket lifted off at 1:27 a.m. ET (0527 GMT) on Tuesday.", None, "at 1:27 a.m. ET", PUB, True),
    ("The rocket lifted off at 1:27 a.m. ET (0527 GMT) on Tuesday.", None, "at 6:27 GMT", PUB, False),
    ("The rocket lifted off at 1:27 a.m. ET (0527 GMT) on Tuesday.", None, "at 1:27 p.m. ET", PUB, False),
    ("The rocket lifted off at 1:27 a.m. ET (0527 GMT) on Tuesday.", None, FactDate(527), PUB, False),
    ("The rocket lifted off at 1:27 a.m. ET (0527 GMT) on Tuesday.", None, (527, None), PUB, False),
    ("Polls close at 10pm local time.", None, "at 10 p.m.", None, True),
    ("Polls close at 10pm local time.", None, "at 9 p.m.", None, False),
    ("Polls close at 10pm local time.", None, (10, None), None, False),
    # ---- ordinals
    ("It was the 20th launch from the site.", None, "the 20th launch", None, True),
    ("It was the 20th launch from the site.", None, "the twentieth launch", None, True),
    ("It was the 20th launch from the site.", None, "the 21st launch", None, False),
    ("It was the 20th launch from the site.", None, (20, None), None, False),
    ("Sputnik was the first human-made satellite.", None, "the first satellite", None, True),
    ("Sputnik was the first human-made satellite.", None, "the second satellite", None, False),
    # ---- claims with several figures: each must be backed by the quote
    (GU, "about 930 miles (1,500km) from the port", "about 1,500 km (930 miles)", None, True),
    (RT, "about 1 500km from the port", "about 1,500 km (930 miles)", None, True),
    (GU, "about 930 miles (1,500km) from the port", "about 2,500 km (1,930 miles)", None, False),
    (GU, "about 930 miles (1,500km) from the port", "9,999 km away", None, False),
    (RT, "about 1 500km from the port", "about 1,500 miles", None, False),
]
